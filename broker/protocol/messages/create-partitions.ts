// CreatePartitions (API key 37)
import { arrayOf, defineApi, field } from '../schema/definition.ts';

export const createPartitions = defineApi({
  name: 'CreatePartitions',
  apiKey: 37,
  versions: [0, 3],
  flexibleFrom: 2,
  request: [
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field('count', 'int32', '0+'),
        field('assignments', arrayOf([field('brokerIds', arrayOf('int32'), '0+')]), '0+', { nullable: '0+' }),
      ]),
      '0+',
    ),
    field('timeoutMs', 'int32', '0+'),
    field('validateOnly', 'bool', '0+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field(
      'results',
      arrayOf([
        field('name', 'string', '0+'),
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
      ]),
      '0+',
    ),
  ],
});
