/**
 * JoinGroup: a member enters a group, or re-enters it for a rebalance. New dynamic members of v4+
 * clients first get MEMBER_ID_REQUIRED with their id (so a retried request cannot create ghosts);
 * static members (group.instance.id) are recognised by instance id and may replace their old member
 * id without a rebalance. The answer comes when the rebalance's join phase completes.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../protocol/error-codes.ts';
import { ClassicGroup } from './classic-group.ts';
import type { CoordinatorContext } from './coordinator-context.ts';
import { joinAnswer, joinError, syncError } from './group-answers.ts';
import { GroupMember, type MemberSettings } from './group-member.ts';
import type { JoinGroupRequest, JoinGroupResult } from './group-requests.ts';
import { GroupState } from './group-state.ts';

export function joinGroup(ctx: CoordinatorContext, req: JoinGroupRequest): JoinGroupResult | Promise<JoinGroupResult> {
  const { options } = ctx;
  if (req.groupId === '') return joinError(ErrorCode.INVALID_GROUP_ID.code, req.memberId);
  if (req.sessionTimeoutMs < options.minSessionTimeoutMs || req.sessionTimeoutMs > options.maxSessionTimeoutMs) {
    return joinError(ErrorCode.INVALID_SESSION_TIMEOUT.code, req.memberId);
  }
  let group = ctx.groups.get(req.groupId);
  if (req.memberId !== '') {
    if (!group) return joinError(ErrorCode.UNKNOWN_MEMBER_ID.code, req.memberId);
    return joinKnownMember(ctx, group, req);
  }
  if (req.protocolType === '' || req.protocols.length === 0) return joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code, '');
  if (!group) {
    group = new ClassicGroup(req.groupId, options.now());
    ctx.groups.set(req.groupId, group);
  }
  return joinNewMember(ctx, group, req);
}

function joinNewMember(ctx: CoordinatorContext, group: ClassicGroup, req: JoinGroupRequest): JoinGroupResult | Promise<JoinGroupResult> {
  if (!group.supportsProtocols(req.protocolType, req.protocols)) return joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code, '');
  const newMemberId = `${req.groupInstanceId ?? req.clientId}-${randomUUID()}`;
  if (req.groupInstanceId !== null) {
    const previous = group.memberIdOf(req.groupInstanceId);
    if (previous !== undefined) return replaceStaticMember(ctx, group, group.get(previous)!, newMemberId, req);
    return addMemberAndRebalance(ctx, group, newMemberId, req);
  }
  if (req.requireKnownMemberId) {
    ctx.rebalancer.addPending(group, newMemberId, req.sessionTimeoutMs);
    return joinError(ErrorCode.MEMBER_ID_REQUIRED.code, newMemberId);
  }
  return addMemberAndRebalance(ctx, group, newMemberId, req);
}

function joinKnownMember(ctx: CoordinatorContext, group: ClassicGroup, req: JoinGroupRequest): JoinGroupResult | Promise<JoinGroupResult> {
  const { memberId } = req;
  if (group.pendingMembers.has(memberId)) {
    if (!group.supportsProtocols(req.protocolType, req.protocols)) return joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code, memberId);
    ctx.rebalancer.claimPending(group, memberId);
    return addMemberAndRebalance(ctx, group, memberId, req);
  }
  if (group.isFenced(req.groupInstanceId, memberId)) return joinError(ErrorCode.FENCED_INSTANCE_ID.code, memberId);
  const member = group.get(memberId);
  if (!member) return joinError(ErrorCode.UNKNOWN_MEMBER_ID.code, memberId);
  if (!group.supportsProtocols(req.protocolType, req.protocols, member)) return joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code, memberId);

  switch (group.state) {
    case GroupState.CompletingRebalance:
      // Same metadata: it most likely missed the JoinGroup answer; send it again.
      if (member.hasSameProtocols(req.protocols)) {
        ctx.rebalancer.heartbeat(group, member);
        return joinAnswer(group, member);
      }
      return updateMemberAndRebalance(ctx, group, member, req);
    case GroupState.Stable:
      // A follower with unchanged metadata changes nothing; the leader rejoining asks for a new assignment.
      if (!group.isLeader(memberId) && member.hasSameProtocols(req.protocols)) {
        ctx.rebalancer.heartbeat(group, member);
        return joinAnswer(group, member);
      }
      return updateMemberAndRebalance(ctx, group, member, req);
    default:
      return updateMemberAndRebalance(ctx, group, member, req);
  }
}

function addMemberAndRebalance(ctx: CoordinatorContext, group: ClassicGroup, memberId: string, req: JoinGroupRequest): Promise<JoinGroupResult> {
  const member = new GroupMember(memberId, req.groupInstanceId, settingsOf(req));
  const answer = member.awaitJoin(joinError(ErrorCode.REBALANCE_IN_PROGRESS.code, memberId));
  group.add(member);
  if (group.is(GroupState.PreparingRebalance)) group.newMemberAdded = true;
  ctx.rebalancer.heartbeat(group, member);
  ctx.rebalancer.maybePrepareRebalance(group, `adding member ${memberId}`);
  return answer;
}

function updateMemberAndRebalance(ctx: CoordinatorContext, group: ClassicGroup, member: GroupMember, req: JoinGroupRequest): Promise<JoinGroupResult> {
  member.update(settingsOf(req));
  const answer = member.awaitJoin(joinError(ErrorCode.REBALANCE_IN_PROGRESS.code, member.memberId));
  ctx.rebalancer.heartbeat(group, member);
  ctx.rebalancer.maybePrepareRebalance(group, `member ${member.memberId} rejoined`);
  return answer;
}

/**
 * A static member restarted: it gets a new member id and the old one is fenced. In a Stable group with
 * unchanged metadata the assignment stands and nobody else rebalances; otherwise the group rebalances.
 */
async function replaceStaticMember(
  ctx: CoordinatorContext,
  group: ClassicGroup,
  member: GroupMember,
  newMemberId: string,
  req: JoinGroupRequest,
): Promise<JoinGroupResult> {
  const oldMemberId = member.memberId;
  const oldSettings = settingsOf(member);
  member.answerJoin(joinError(ErrorCode.FENCED_INSTANCE_ID.code, oldMemberId));
  member.answerSync(syncError(ErrorCode.FENCED_INSTANCE_ID.code));
  ctx.rebalancer.forgetMemberId(group, oldMemberId);
  group.rekeyStaticMember(member, newMemberId);
  const unchanged = member.hasSameProtocols(req.protocols);
  member.update(settingsOf(req));
  ctx.rebalancer.heartbeat(group, member);

  if (!group.is(GroupState.Stable) || !unchanged) {
    const answer = member.awaitJoin(joinError(ErrorCode.REBALANCE_IN_PROGRESS.code, newMemberId));
    ctx.rebalancer.maybePrepareRebalance(group, `static member ${req.groupInstanceId} rejoined as ${newMemberId}`);
    return answer;
  }
  const generation = group.generationId;
  const errorCode = await ctx.persistence.storeGroup(group);
  if (errorCode !== ErrorCode.NONE.code) {
    // Not stored: the old member id stays the valid one.
    if (group.get(newMemberId) === member && group.generationId === generation) {
      ctx.rebalancer.forgetMemberId(group, newMemberId);
      group.rekeyStaticMember(member, oldMemberId);
      member.update(oldSettings);
      ctx.rebalancer.heartbeat(group, member);
    }
    return joinError(errorCode, '');
  }
  return joinAnswer(group, member, { leaderGetsMembers: req.supportsSkipAssignment, skipAssignment: true });
}

function settingsOf(source: MemberSettings | JoinGroupRequest): MemberSettings {
  return {
    clientId: source.clientId,
    clientHost: source.clientHost,
    sessionTimeoutMs: source.sessionTimeoutMs,
    rebalanceTimeoutMs: source.rebalanceTimeoutMs,
    protocolType: source.protocolType,
    // Copies: request bytes are views into the whole request frame, which must not be kept alive.
    protocols: source.protocols.map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) })),
  };
}
