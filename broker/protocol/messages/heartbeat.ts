// Heartbeat (API key 12)
import { defineApi, field } from '../schema/definition.ts';

export const heartbeat = defineApi({
  name: 'Heartbeat',
  apiKey: 12,
  versions: [0, 4],
  flexibleFrom: 4,
  request: [
    field('groupId', 'string', '0+'),
    field('generationId', 'int32', '0+'),
    field('memberId', 'string', '0+'),
    field('groupInstanceId', 'string', '3+', { nullable: '3+', default: null }),
  ],
  response: [field('throttleTimeMs', 'int32', '1+'), field('errorCode', 'int16', '0+')],
});
