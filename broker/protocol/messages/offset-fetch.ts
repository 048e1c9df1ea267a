// OffsetFetch (API key 9)
import { arrayOf, defineApi, field } from '../schema/definition.ts';

export const offsetFetch = defineApi({
  name: 'OffsetFetch',
  apiKey: 9,
  versions: [0, 9],
  flexibleFrom: 6,
  request: [
    // v0-7: a single group.
    field('groupId', 'string', '0-7'),
    field(
      'topics',
      arrayOf([field('name', 'string', '0-7'), field('partitionIndexes', arrayOf('int32'), '0-7')]),
      '0-7',
      { nullable: '2-7' },
    ),
    // v8+: several groups in one request.
    field(
      'groups',
      arrayOf([
        field('groupId', 'string', '8+'),
        field('memberId', 'string', '9+', { nullable: '9+', default: null }),
        field('memberEpoch', 'int32', '9+', { default: -1 }),
        field(
          'topics',
          arrayOf([field('name', 'string', '8+'), field('partitionIndexes', arrayOf('int32'), '8+')]),
          '8+',
          { nullable: '8+' },
        ),
      ]),
      '8+',
    ),
    field('requireStable', 'bool', '7+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '3+'),
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0-7'),
        field(
          'partitions',
          arrayOf([
            field('partitionIndex', 'int32', '0-7'),
            field('committedOffset', 'int64', '0-7'),
            field('committedLeaderEpoch', 'int32', '5-7', { default: -1 }),
            field('metadata', 'string', '0-7', { nullable: '0-7' }),
            field('errorCode', 'int16', '0-7'),
          ]),
          '0-7',
        ),
      ]),
      '0-7',
    ),
    field('errorCode', 'int16', '2-7'),
    field(
      'groups',
      arrayOf([
        field('groupId', 'string', '8+'),
        field(
          'topics',
          arrayOf([
            field('name', 'string', '8+'),
            field(
              'partitions',
              arrayOf([
                field('partitionIndex', 'int32', '8+'),
                field('committedOffset', 'int64', '8+'),
                field('committedLeaderEpoch', 'int32', '8+', { default: -1 }),
                field('metadata', 'string', '8+', { nullable: '8+' }),
                field('errorCode', 'int16', '8+'),
              ]),
              '8+',
            ),
          ]),
          '8+',
        ),
        field('errorCode', 'int16', '8+'),
      ]),
      '8+',
    ),
  ],
});
