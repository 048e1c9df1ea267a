/**
 * Heartbeat: keeps a member's session alive and is how members learn of a rebalance
 * (REBALANCE_IN_PROGRESS means "rejoin").
 */
import { ErrorCode } from '../protocol/error-codes.ts';
import type { CoordinatorContext } from './coordinator-context.ts';
import type { HeartbeatRequest } from './group-requests.ts';
import { GroupState } from './group-state.ts';

export function heartbeat(ctx: CoordinatorContext, req: HeartbeatRequest): number {
  if (req.groupId === '') return ErrorCode.INVALID_GROUP_ID.code;
  const group = ctx.groups.get(req.groupId);
  if (!group) return ErrorCode.UNKNOWN_MEMBER_ID.code;
  if (group.isFenced(req.groupInstanceId, req.memberId)) return ErrorCode.FENCED_INSTANCE_ID.code;
  const member = group.get(req.memberId);
  if (!member) return ErrorCode.UNKNOWN_MEMBER_ID.code;
  if (req.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION.code;
  ctx.rebalancer.heartbeat(group, member);
  return group.is(GroupState.PreparingRebalance) ? ErrorCode.REBALANCE_IN_PROGRESS.code : ErrorCode.NONE.code;
}
