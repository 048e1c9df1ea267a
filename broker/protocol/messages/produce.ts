// Produce (API key 0)
import { arrayOf, defineApi, field } from '../schema/definition.ts';

export const produce = defineApi({
  name: 'Produce',
  apiKey: 0,
  versions: [0, 11],
  flexibleFrom: 9,
  request: [
    field('transactionalId', 'string', '3+', { nullable: '3+', default: null }),
    field('acks', 'int16', '0+'),
    field('timeoutMs', 'int32', '0+'),
    field(
      'topicData',
      arrayOf([
        field('name', 'string', '0+'),
        field(
          'partitionData',
          arrayOf([field('index', 'int32', '0+'), field('records', 'records', '0+', { nullable: '0+' })]),
          '0+',
        ),
      ]),
      '0+',
    ),
  ],
  response: [
    field(
      'responses',
      arrayOf([
        field('name', 'string', '0+'),
        field(
          'partitionResponses',
          arrayOf([
            field('index', 'int32', '0+'),
            field('errorCode', 'int16', '0+'),
            field('baseOffset', 'int64', '0+'),
            field('logAppendTimeMs', 'int64', '2+', { default: -1n }),
            field('logStartOffset', 'int64', '5+', { default: -1n }),
            field(
              'recordErrors',
              arrayOf([
                field('batchIndex', 'int32', '8+'),
                field('batchIndexErrorMessage', 'string', '8+', { nullable: '8+', default: null }),
              ]),
              '8+',
            ),
            field('errorMessage', 'string', '8+', { nullable: '8+', default: null }),
            field(
              'currentLeader',
              [field('leaderId', 'int32', '10+', { default: -1 }), field('leaderEpoch', 'int32', '10+', { default: -1 })],
              '10+',
              { tagged: '10+', tag: 0 },
            ),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
    field('throttleTimeMs', 'int32', '1+'),
    field(
      'nodeEndpoints',
      arrayOf([
        field('nodeId', 'int32', '10+'),
        field('host', 'string', '10+'),
        field('port', 'int32', '10+'),
        field('rack', 'string', '10+', { nullable: '10+', default: null }),
      ]),
      '10+',
      { tagged: '10+', tag: 0 },
    ),
  ],
});
