// CreateTopics (API key 19)
import { arrayOf, defineApi, field } from '../schema/definition.ts';

export const createTopics = defineApi({
  name: 'CreateTopics',
  apiKey: 19,
  versions: [0, 7],
  flexibleFrom: 5,
  request: [
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field('numPartitions', 'int32', '0+'),
        field('replicationFactor', 'int16', '0+'),
        field(
          'assignments',
          arrayOf([field('partitionIndex', 'int32', '0+'), field('brokerIds', arrayOf('int32'), '0+')]),
          '0+',
        ),
        field('configs', arrayOf([field('name', 'string', '0+'), field('value', 'string', '0+', { nullable: '0+' })]), '0+'),
      ]),
      '0+',
    ),
    field('timeoutMs', 'int32', '0+', { default: 60000 }),
    field('validateOnly', 'bool', '1+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '2+'),
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field('topicId', 'uuid', '7+'),
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '1+', { nullable: '0+' }),
        field('topicConfigErrorCode', 'int16', '5+', { tagged: '5+', tag: 0 }),
        field('numPartitions', 'int32', '5+', { default: -1 }),
        field('replicationFactor', 'int16', '5+', { default: -1 }),
        field(
          'configs',
          arrayOf([
            field('name', 'string', '5+'),
            field('value', 'string', '5+', { nullable: '5+' }),
            field('readOnly', 'bool', '5+'),
            field('configSource', 'int8', '5+', { default: -1 }),
            field('isSensitive', 'bool', '5+'),
          ]),
          '5+',
          { nullable: '5+' },
        ),
      ]),
      '0+',
    ),
  ],
});
