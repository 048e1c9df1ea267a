/**
 * LeaveGroup: members leave (a batch of them from v3 on, static ones by instance id) and the rest
 * rebalance at once rather than after a session timeout.
 */
import { ErrorCode } from '../protocol/error-codes.ts';
import type { ClassicGroup } from './classic-group.ts';
import type { CoordinatorContext } from './coordinator-context.ts';
import type { LeaveGroupResult, LeavingMember } from './group-requests.ts';

export function leaveGroup(ctx: CoordinatorContext, groupId: string, leaving: readonly LeavingMember[]): LeaveGroupResult {
  if (groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID.code, members: [] };
  const group = ctx.groups.get(groupId);
  return {
    errorCode: ErrorCode.NONE.code,
    members: leaving.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      errorCode: group ? leave(ctx, group, m) : ErrorCode.UNKNOWN_MEMBER_ID.code,
    })),
  };
}

function leave(ctx: CoordinatorContext, group: ClassicGroup, leaving: LeavingMember): number {
  let memberId = leaving.memberId;
  if (leaving.groupInstanceId !== null) {
    const holder = group.memberIdOf(leaving.groupInstanceId);
    if (holder === undefined) return ErrorCode.UNKNOWN_MEMBER_ID.code;
    if (memberId !== '' && memberId !== holder) return ErrorCode.FENCED_INSTANCE_ID.code;
    memberId = holder;
  } else if (ctx.rebalancer.dropPending(group, memberId)) {
    return ErrorCode.NONE.code;
  }
  const member = group.get(memberId);
  if (!member) return ErrorCode.UNKNOWN_MEMBER_ID.code;
  ctx.rebalancer.removeMember(group, member, 'left the group');
  return ErrorCode.NONE.code;
}
