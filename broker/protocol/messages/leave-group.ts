// LeaveGroup (API key 13)
import { arrayOf, defineApi, field } from '../schema/definition.ts';

export const leaveGroup = defineApi({
  name: 'LeaveGroup',
  apiKey: 13,
  versions: [0, 5],
  flexibleFrom: 4,
  request: [
    field('groupId', 'string', '0+'),
    // v0-2: one member leaves; v3+: a batch of members.
    field('memberId', 'string', '0-2'),
    field(
      'members',
      arrayOf([
        field('memberId', 'string', '3+'),
        field('groupInstanceId', 'string', '3+', { nullable: '3+', default: null }),
        field('reason', 'string', '5+', { nullable: '5+', default: null }),
      ]),
      '3+',
    ),
  ],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '0+'),
    field(
      'members',
      arrayOf([
        field('memberId', 'string', '3+'),
        field('groupInstanceId', 'string', '3+', { nullable: '3+' }),
        field('errorCode', 'int16', '3+'),
      ]),
      '3+',
    ),
  ],
});
