// SaslAuthenticate (API key 36)
import { defineApi, field } from '../schema/definition.ts';

export const saslAuthenticate = defineApi({
  name: 'SaslAuthenticate',
  apiKey: 36,
  versions: [0, 2],
  flexibleFrom: 2,
  request: [field('authBytes', 'bytes', '0+')],
  response: [
    field('errorCode', 'int16', '0+'),
    field('errorMessage', 'string', '0+', { nullable: '0+' }),
    field('authBytes', 'bytes', '0+'),
    field('sessionLifetimeMs', 'int64', '1+'),
  ],
});
