// DeleteRecords (API key 21)
import { arrayOf, defineApi, field } from '../schema/definition.ts';

export const deleteRecords = defineApi({
  name: 'DeleteRecords',
  apiKey: 21,
  versions: [0, 2],
  flexibleFrom: 2,
  request: [
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field('partitions', arrayOf([field('partitionIndex', 'int32', '0+'), field('offset', 'int64', '0+')]), '0+'),
      ]),
      '0+',
    ),
    field('timeoutMs', 'int32', '0+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field(
          'partitions',
          arrayOf([
            field('partitionIndex', 'int32', '0+'),
            field('lowWatermark', 'int64', '0+'),
            field('errorCode', 'int16', '0+'),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
  ],
});
