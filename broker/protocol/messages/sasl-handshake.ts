// SaslHandshake (API key 17)
import { arrayOf, defineApi, field } from '../schema/definition.ts';

export const saslHandshake = defineApi({
  name: 'SaslHandshake',
  apiKey: 17,
  versions: [0, 1],
  flexibleFrom: null,
  request: [field('mechanism', 'string', '0+')],
  response: [field('errorCode', 'int16', '0+'), field('mechanisms', arrayOf('string'), '0+')],
});
