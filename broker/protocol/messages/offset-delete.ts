// OffsetDelete (API key 47)
import { arrayOf, defineApi, field } from '../schema/definition.ts';

export const offsetDelete = defineApi({
  name: 'OffsetDelete',
  apiKey: 47,
  versions: [0, 0],
  flexibleFrom: null,
  request: [
    field('groupId', 'string', '0+'),
    field(
      'topics',
      arrayOf([field('name', 'string', '0+'), field('partitions', arrayOf([field('partitionIndex', 'int32', '0+')]), '0+')]),
      '0+',
    ),
  ],
  response: [
    field('errorCode', 'int16', '0+'),
    field('throttleTimeMs', 'int32', '0+'),
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field('partitions', arrayOf([field('partitionIndex', 'int32', '0+'), field('errorCode', 'int16', '0+')]), '0+'),
      ]),
      '0+',
    ),
  ],
});
