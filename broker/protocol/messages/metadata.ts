// Metadata (API key 3)
import { arrayOf, defineApi, field } from '../schema/definition.ts';

/** Sentinel for "authorized operations not requested". */
const OPERATIONS_UNKNOWN = -2147483648;

export const metadata = defineApi({
  name: 'Metadata',
  apiKey: 3,
  versions: [0, 12],
  flexibleFrom: 9,
  request: [
    // v0 has no way to say "all topics": the array is non-nullable there and an empty one means all.
    field(
      'topics',
      arrayOf([field('topicId', 'uuid', '10+'), field('name', 'string', '0+', { nullable: '10+' })]),
      '0+',
      { nullable: '1+' },
    ),
    field('allowAutoTopicCreation', 'bool', '4+', { default: true }),
    field('includeClusterAuthorizedOperations', 'bool', '8-10'),
    field('includeTopicAuthorizedOperations', 'bool', '8+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '3+'),
    field(
      'brokers',
      arrayOf([
        field('nodeId', 'int32', '0+'),
        field('host', 'string', '0+'),
        field('port', 'int32', '0+'),
        field('rack', 'string', '1+', { nullable: '1+', default: null }),
      ]),
      '0+',
    ),
    field('clusterId', 'string', '2+', { nullable: '2+', default: null }),
    field('controllerId', 'int32', '1+', { default: -1 }),
    field(
      'topics',
      arrayOf([
        field('errorCode', 'int16', '0+'),
        field('name', 'string', '0+', { nullable: '12+' }),
        field('topicId', 'uuid', '10+'),
        field('isInternal', 'bool', '1+'),
        field(
          'partitions',
          arrayOf([
            field('errorCode', 'int16', '0+'),
            field('partitionIndex', 'int32', '0+'),
            field('leaderId', 'int32', '0+'),
            field('leaderEpoch', 'int32', '7+', { default: -1 }),
            field('replicaNodes', arrayOf('int32'), '0+'),
            field('isrNodes', arrayOf('int32'), '0+'),
            field('offlineReplicas', arrayOf('int32'), '5+'),
          ]),
          '0+',
        ),
        field('topicAuthorizedOperations', 'int32', '8+', { default: OPERATIONS_UNKNOWN }),
      ]),
      '0+',
    ),
    field('clusterAuthorizedOperations', 'int32', '8-10', { default: OPERATIONS_UNKNOWN }),
  ],
});
