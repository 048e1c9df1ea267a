// DeleteTopics (API key 20)
import { arrayOf, defineApi, field } from '../schema/definition.ts';

export const deleteTopics = defineApi({
  name: 'DeleteTopics',
  apiKey: 20,
  versions: [0, 6],
  flexibleFrom: 4,
  request: [
    // v6+: each topic by name or by id; v0-5: names only.
    field('topics', arrayOf([field('name', 'string', '6+', { nullable: '6+', default: null }), field('topicId', 'uuid', '6+')]), '6+'),
    field('topicNames', arrayOf('string'), '0-5'),
    field('timeoutMs', 'int32', '0+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field(
      'responses',
      arrayOf([
        field('name', 'string', '0+', { nullable: '6+' }),
        field('topicId', 'uuid', '6+'),
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '5+', { nullable: '5+', default: null }),
      ]),
      '0+',
    ),
  ],
});
