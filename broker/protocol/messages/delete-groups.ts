// DeleteGroups (API key 42)
import { arrayOf, defineApi, field } from '../schema/definition.ts';

export const deleteGroups = defineApi({
  name: 'DeleteGroups',
  apiKey: 42,
  versions: [0, 2],
  flexibleFrom: 2,
  request: [field('groupsNames', arrayOf('string'), '0+')],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('results', arrayOf([field('groupId', 'string', '0+'), field('errorCode', 'int16', '0+')]), '0+'),
  ],
});
