// InitProducerId (API key 22)
import { defineApi, field } from '../schema/definition.ts';

export const initProducerId = defineApi({
  name: 'InitProducerId',
  apiKey: 22,
  versions: [0, 5],
  flexibleFrom: 2,
  request: [
    field('transactionalId', 'string', '0+', { nullable: '0+' }),
    field('transactionTimeoutMs', 'int32', '0+'),
    field('producerId', 'int64', '3+', { default: -1n }),
    field('producerEpoch', 'int16', '3+', { default: -1 }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('producerId', 'int64', '0+', { default: -1n }),
    field('producerEpoch', 'int16', '0+'),
  ],
});
