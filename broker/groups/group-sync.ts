/**
 * SyncGroup: after the join phase, members collect their assignment. The leader's request carries
 * everyone's; it is written to __consumer_offsets with the group, then handed to every member and the
 * group becomes Stable. Followers that ask first wait for it.
 */
import { ErrorCode } from '../protocol/error-codes.ts';
import type { ClassicGroup } from './classic-group.ts';
import type { CoordinatorContext } from './coordinator-context.ts';
import { syncAnswer, syncError } from './group-answers.ts';
import type { SyncGroupRequest, SyncGroupResult } from './group-requests.ts';
import { GroupState } from './group-state.ts';

export function syncGroup(ctx: CoordinatorContext, req: SyncGroupRequest): SyncGroupResult | Promise<SyncGroupResult> {
  if (req.groupId === '') return syncError(ErrorCode.INVALID_GROUP_ID.code);
  const group = ctx.groups.get(req.groupId);
  if (!group) return syncError(ErrorCode.UNKNOWN_MEMBER_ID.code);
  if (group.isFenced(req.groupInstanceId, req.memberId)) return syncError(ErrorCode.FENCED_INSTANCE_ID.code);
  const member = group.get(req.memberId);
  if (!member) return syncError(ErrorCode.UNKNOWN_MEMBER_ID.code);
  if (req.generationId !== group.generationId) return syncError(ErrorCode.ILLEGAL_GENERATION.code);
  if ((req.protocolType !== null && req.protocolType !== group.protocolType) || (req.protocolName !== null && req.protocolName !== group.protocolName)) {
    return syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code);
  }

  switch (group.state) {
    case GroupState.PreparingRebalance:
      return syncError(ErrorCode.REBALANCE_IN_PROGRESS.code);
    case GroupState.Stable:
      ctx.rebalancer.heartbeat(group, member);
      return syncAnswer(group, member);
    case GroupState.CompletingRebalance: {
      const answer = member.awaitSync(syncError(ErrorCode.REBALANCE_IN_PROGRESS.code));
      ctx.rebalancer.heartbeat(group, member);
      if (group.isLeader(req.memberId)) void storeAssignment(ctx, group, new Map(req.assignments.map((a) => [a.memberId, a.assignment])));
      return answer;
    }
    default:
      return syncError(ErrorCode.UNKNOWN_MEMBER_ID.code);
  }
}

async function storeAssignment(ctx: CoordinatorContext, group: ClassicGroup, assignments: Map<string, Buffer>): Promise<void> {
  const generation = group.generationId;
  const errorCode = await ctx.persistence.storeGroup(group, assignments);
  // A rebalance that started meanwhile has already answered the parked requests.
  if (ctx.groups.get(group.groupId) !== group || !group.is(GroupState.CompletingRebalance) || group.generationId !== generation) return;
  if (errorCode !== ErrorCode.NONE.code) {
    ctx.rebalancer.failParkedSyncs(group, errorCode);
    ctx.rebalancer.prepareRebalance(group, 'storing the assignment failed');
    return;
  }
  for (const m of group.members.values()) m.assignment = Buffer.from(assignments.get(m.memberId) ?? Buffer.alloc(0));
  group.transitionTo(GroupState.Stable, ctx.options.now());
  for (const m of group.members.values()) m.answerSync(syncAnswer(group, m));
}
