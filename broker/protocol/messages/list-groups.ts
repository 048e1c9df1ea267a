// ListGroups (API key 16)
import { arrayOf, defineApi, field } from '../schema/definition.ts';

export const listGroups = defineApi({
  name: 'ListGroups',
  apiKey: 16,
  versions: [0, 5],
  flexibleFrom: 3,
  request: [field('statesFilter', arrayOf('string'), '4+'), field('typesFilter', arrayOf('string'), '5+')],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '0+'),
    field(
      'groups',
      arrayOf([
        field('groupId', 'string', '0+'),
        field('protocolType', 'string', '0+'),
        field('groupState', 'string', '4+'),
        field('groupType', 'string', '5+'),
      ]),
      '0+',
    ),
  ],
});
