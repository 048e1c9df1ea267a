// Fetch (API key 1)
import { arrayOf, defineApi, field } from '../schema/definition.ts';

export const fetch = defineApi({
  name: 'Fetch',
  apiKey: 1,
  versions: [0, 17],
  flexibleFrom: 12,
  request: [
    field('clusterId', 'string', '12+', { nullable: '12+', tagged: '12+', tag: 0, default: null }),
    field('replicaId', 'int32', '0-14', { default: -1 }),
    field(
      'replicaState',
      [field('replicaId', 'int32', '15+', { default: -1 }), field('replicaEpoch', 'int64', '15+', { default: -1n })],
      '15+',
      { tagged: '15+', tag: 1 },
    ),
    field('maxWaitMs', 'int32', '0+'),
    field('minBytes', 'int32', '0+'),
    field('maxBytes', 'int32', '3+', { default: 0x7fffffff }),
    field('isolationLevel', 'int8', '4+'),
    field('sessionId', 'int32', '7+'),
    field('sessionEpoch', 'int32', '7+', { default: -1 }),
    field(
      'topics',
      arrayOf([
        field('topic', 'string', '0-12'),
        field('topicId', 'uuid', '13+'),
        field(
          'partitions',
          arrayOf([
            field('partition', 'int32', '0+'),
            field('currentLeaderEpoch', 'int32', '9+', { default: -1 }),
            field('fetchOffset', 'int64', '0+'),
            field('lastFetchedEpoch', 'int32', '12+', { default: -1 }),
            field('logStartOffset', 'int64', '5+', { default: -1n }),
            field('partitionMaxBytes', 'int32', '0+'),
            field('replicaDirectoryId', 'uuid', '17+', { tagged: '17+', tag: 0 }),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
    field(
      'forgottenTopicsData',
      arrayOf([
        field('topic', 'string', '7-12'),
        field('topicId', 'uuid', '13+'),
        field('partitions', arrayOf('int32'), '7+'),
      ]),
      '7+',
    ),
    field('rackId', 'string', '11+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '7+'),
    field('sessionId', 'int32', '7+'),
    field(
      'responses',
      arrayOf([
        field('topic', 'string', '0-12'),
        field('topicId', 'uuid', '13+'),
        field(
          'partitions',
          arrayOf([
            field('partitionIndex', 'int32', '0+'),
            field('errorCode', 'int16', '0+'),
            field('highWatermark', 'int64', '0+'),
            field('lastStableOffset', 'int64', '4+', { default: -1n }),
            field('logStartOffset', 'int64', '5+', { default: -1n }),
            field(
              'divergingEpoch',
              [field('epoch', 'int32', '12+', { default: -1 }), field('endOffset', 'int64', '12+', { default: -1n })],
              '12+',
              { tagged: '12+', tag: 0 },
            ),
            field(
              'currentLeader',
              [field('leaderId', 'int32', '12+', { default: -1 }), field('leaderEpoch', 'int32', '12+', { default: -1 })],
              '12+',
              { tagged: '12+', tag: 1 },
            ),
            field(
              'snapshotId',
              [field('endOffset', 'int64', '0+', { default: -1n }), field('epoch', 'int32', '0+', { default: -1 })],
              '12+',
              { tagged: '12+', tag: 2 },
            ),
            field(
              'abortedTransactions',
              arrayOf([field('producerId', 'int64', '4+'), field('firstOffset', 'int64', '4+')]),
              '4+',
              { nullable: '4+' },
            ),
            field('preferredReadReplica', 'int32', '11+', { default: -1 }),
            field('records', 'records', '0+', { nullable: '0+' }),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
    field(
      'nodeEndpoints',
      arrayOf([
        field('nodeId', 'int32', '16+'),
        field('host', 'string', '16+'),
        field('port', 'int32', '16+'),
        field('rack', 'string', '16+', { nullable: '16+', default: null }),
      ]),
      '16+',
      { tagged: '16+', tag: 0 },
    ),
  ],
});
