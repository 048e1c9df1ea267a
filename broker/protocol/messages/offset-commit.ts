// OffsetCommit (API key 8)
import { arrayOf, defineApi, field } from '../schema/definition.ts';

export const offsetCommit = defineApi({
  name: 'OffsetCommit',
  apiKey: 8,
  versions: [0, 9],
  flexibleFrom: 8,
  request: [
    field('groupId', 'string', '0+'),
    field('generationIdOrMemberEpoch', 'int32', '1+', { default: -1 }),
    field('memberId', 'string', '1+'),
    field('groupInstanceId', 'string', '7+', { nullable: '7+', default: null }),
    field('retentionTimeMs', 'int64', '2-4', { default: -1n }),
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field(
          'partitions',
          arrayOf([
            field('partitionIndex', 'int32', '0+'),
            field('committedOffset', 'int64', '0+'),
            field('committedLeaderEpoch', 'int32', '6+', { default: -1 }),
            field('commitTimestamp', 'int64', '1', { default: -1n }),
            field('committedMetadata', 'string', '0+', { nullable: '0+' }),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
  ],
  response: [
    field('throttleTimeMs', 'int32', '3+'),
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
