// DescribeGroups (API key 15)
import { arrayOf, defineApi, field } from '../schema/definition.ts';

/** Sentinel for "authorized operations not requested". */
const OPERATIONS_UNKNOWN = -2147483648;

export const describeGroups = defineApi({
  name: 'DescribeGroups',
  apiKey: 15,
  versions: [0, 5],
  flexibleFrom: 5,
  request: [field('groups', arrayOf('string'), '0+'), field('includeAuthorizedOperations', 'bool', '3+')],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field(
      'groups',
      arrayOf([
        field('errorCode', 'int16', '0+'),
        field('groupId', 'string', '0+'),
        field('groupState', 'string', '0+'),
        field('protocolType', 'string', '0+'),
        field('protocolData', 'string', '0+'),
        field(
          'members',
          arrayOf([
            field('memberId', 'string', '0+'),
            field('groupInstanceId', 'string', '4+', { nullable: '4+', default: null }),
            field('clientId', 'string', '0+'),
            field('clientHost', 'string', '0+'),
            field('memberMetadata', 'bytes', '0+'),
            field('memberAssignment', 'bytes', '0+'),
          ]),
          '0+',
        ),
        field('authorizedOperations', 'int32', '3+', { default: OPERATIONS_UNKNOWN }),
      ]),
      '0+',
    ),
  ],
});
