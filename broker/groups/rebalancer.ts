/**
 * Drives groups through the classic rebalance protocol and owns every timer that does it.
 *
 * Design: requests (join, sync, heartbeat, leave, commit) change a group through these transitions,
 * and so do the timers: a member's session deadline (re-armed by each sign of life), a pending member
 * id's deadline, and a group's join deadline (the rebalance timeout, or the initial delay of an Empty
 * group's first rebalance). Members with a parked JoinGroup or SyncGroup are alive by definition: the
 * rebalance timeout governs them instead. Everything runs on the event loop, so a transition is never
 * interleaved with another; only writes to __consumer_offsets are awaited, and whoever awaits one
 * re-checks the group's generation afterwards.
 */
import { ErrorCode } from '../protocol/error-codes.ts';
import type { ClassicGroup } from './classic-group.ts';
import type { GroupCoordinatorOptions } from './coordinator-options.ts';
import { joinAnswer, joinError, syncError } from './group-answers.ts';
import type { GroupMember } from './group-member.ts';
import type { GroupPersistence } from './group-persistence.ts';
import { GroupState } from './group-state.ts';
import { KeyedTimers } from './keyed-timers.ts';

export interface RebalancerDeps {
  readonly options: GroupCoordinatorOptions;
  readonly groups: ReadonlyMap<string, ClassicGroup>;
  readonly persistence: GroupPersistence;
}

const EMPTY = Buffer.alloc(0);

export class Rebalancer {
  private readonly deps: RebalancerDeps;
  private readonly timers = new KeyedTimers();
  /** Groups in a delayed initial rebalance, with the rebalance time left after the current delay. */
  private readonly initialDelays = new Map<ClassicGroup, number>();

  constructor(deps: RebalancerDeps) {
    this.deps = deps;
  }

  /** A sign of life: the member's session deadline restarts. */
  heartbeat(group: ClassicGroup, member: GroupMember): void {
    this.timers.set(sessionKey(group, member.memberId), member.sessionTimeoutMs, () => this.onSessionExpired(group, member));
  }

  /** A member id handed out with MEMBER_ID_REQUIRED is held for one session timeout. */
  addPending(group: ClassicGroup, memberId: string, sessionTimeoutMs: number): void {
    group.pendingMembers.add(memberId);
    this.timers.set(pendingKey(group, memberId), sessionTimeoutMs, () => {
      if (group.pendingMembers.delete(memberId)) this.maybeCompleteJoin(group);
    });
  }

  /** The pending member came back to join; says whether it was pending. */
  claimPending(group: ClassicGroup, memberId: string): boolean {
    this.timers.clear(pendingKey(group, memberId));
    return group.pendingMembers.delete(memberId);
  }

  /** The pending member left instead; a rebalance waiting for it may now complete. */
  dropPending(group: ClassicGroup, memberId: string): boolean {
    if (!this.claimPending(group, memberId)) return false;
    this.maybeCompleteJoin(group);
    return true;
  }

  /** A static member's old id is gone; its session deadline goes with it. */
  forgetMemberId(group: ClassicGroup, memberId: string): void {
    this.timers.clear(sessionKey(group, memberId));
  }

  /** Membership or metadata changed: start a rebalance, or see whether the running one can finish. */
  maybePrepareRebalance(group: ClassicGroup, reason: string): void {
    if (group.is(GroupState.PreparingRebalance)) this.maybeCompleteJoin(group);
    else if (!group.is(GroupState.Dead)) this.prepareRebalance(group, reason);
  }

  prepareRebalance(group: ClassicGroup, reason: string): void {
    if (group.is(GroupState.CompletingRebalance)) this.failParkedSyncs(group, ErrorCode.REBALANCE_IN_PROGRESS.code);
    const fromEmpty = group.is(GroupState.Empty);
    group.transitionTo(GroupState.PreparingRebalance, this.now());
    this.deps.options.logger.info({ groupId: group.groupId, generationId: group.generationId, reason }, 'preparing to rebalance group');
    const timeout = group.rebalanceTimeoutMs();
    if (fromEmpty) {
      group.newMemberAdded = false;
      const delay = Math.min(this.deps.options.initialRebalanceDelayMs, timeout);
      this.delayInitialJoin(group, delay, Math.max(timeout - delay, 0));
    } else {
      this.timers.set(joinKey(group), timeout, () => this.completeJoin(group));
      this.maybeCompleteJoin(group);
    }
  }

  /** Completes the join phase once every member (and pending member id) is back, unless an initial delay runs. */
  maybeCompleteJoin(group: ClassicGroup): void {
    if (!group.is(GroupState.PreparingRebalance) || this.initialDelays.has(group) || !group.allMembersJoined()) return;
    this.completeJoin(group);
  }

  /** Removes a member (left, expired, fenced) and rebalances the rest. */
  removeMember(group: ClassicGroup, member: GroupMember, reason: string): void {
    member.answerJoin(joinError(ErrorCode.UNKNOWN_MEMBER_ID.code, member.memberId));
    member.answerSync(syncError(ErrorCode.UNKNOWN_MEMBER_ID.code));
    this.timers.clear(sessionKey(group, member.memberId));
    group.remove(member.memberId);
    this.deps.options.logger.info({ groupId: group.groupId, memberId: member.memberId, reason }, 'member removed from group');
    if (group.is(GroupState.Stable) || group.is(GroupState.CompletingRebalance)) {
      this.prepareRebalance(group, `removing member ${member.memberId}: ${reason}`);
    } else {
      this.maybeCompleteJoin(group);
    }
  }

  /** Answers every parked SyncGroup with an error and drops the assignments (a new rebalance, or a failed write). */
  failParkedSyncs(group: ClassicGroup, errorCode: number): void {
    for (const m of group.members.values()) {
      m.assignment = EMPTY;
      m.answerSync(syncError(errorCode));
    }
  }

  /** The group is gone (deleted or expired): its timers go too. */
  forget(group: ClassicGroup): void {
    this.timers.clearPrefix(groupPrefix(group));
    this.initialDelays.delete(group);
  }

  /** Stops every timer and answers parked requests, so nothing waits on a coordinator that stopped. */
  close(): void {
    this.timers.close();
    this.initialDelays.clear();
    for (const group of this.deps.groups.values()) {
      for (const m of group.members.values()) {
        m.answerJoin(joinError(ErrorCode.NOT_COORDINATOR.code, m.memberId));
        m.answerSync(syncError(ErrorCode.NOT_COORDINATOR.code));
      }
    }
  }

  /** Timers currently armed (tests check that nothing leaks). */
  get activeTimers(): number {
    return this.timers.size;
  }

  private onSessionExpired(group: ClassicGroup, member: GroupMember): void {
    if (!this.isCurrent(group) || group.get(member.memberId) !== member) return;
    if (member.isAwaitingJoin || member.isAwaitingSync) {
      this.heartbeat(group, member);
      return;
    }
    this.removeMember(group, member, `session timeout of ${member.sessionTimeoutMs} ms expired`);
  }

  /**
   * An Empty group's first rebalance waits initialRebalanceDelayMs so that members starting together
   * land in one generation; each newcomer extends the wait by another delay, within the rebalance timeout.
   */
  private delayInitialJoin(group: ClassicGroup, delay: number, remaining: number): void {
    this.initialDelays.set(group, remaining);
    this.timers.set(joinKey(group), delay, () => {
      const next = Math.min(this.deps.options.initialRebalanceDelayMs, remaining);
      if (group.newMemberAdded && next > 0) {
        group.newMemberAdded = false;
        this.delayInitialJoin(group, next, remaining - next);
      } else {
        this.completeJoin(group);
      }
    });
  }

  private completeJoin(group: ClassicGroup): void {
    if (!this.isCurrent(group) || !group.is(GroupState.PreparingRebalance)) return;
    this.initialDelays.delete(group);
    this.timers.clear(joinKey(group));
    // Dynamic members that did not rejoin in time are out; static ones stay until their session expires.
    for (const m of [...group.members.values()]) {
      if (!m.isAwaitingJoin && !m.isStatic) {
        this.timers.clear(sessionKey(group, m.memberId));
        group.remove(m.memberId);
        this.deps.options.logger.info({ groupId: group.groupId, memberId: m.memberId }, 'member removed from group: did not rejoin in time');
      }
    }
    if (!this.electJoinedLeader(group)) {
      // Only static members that have not rejoined: wait another rebalance timeout for them to return or expire.
      this.timers.set(joinKey(group), group.rebalanceTimeoutMs(), () => this.completeJoin(group));
      return;
    }
    group.initNextGeneration(this.now());
    if (group.is(GroupState.Empty)) {
      void this.deps.persistence.storeGroup(group);
      return;
    }
    this.deps.options.logger.info(
      { groupId: group.groupId, generationId: group.generationId, protocol: group.protocolName, members: group.members.size },
      'group rebalanced',
    );
    for (const m of group.members.values()) {
      if (!m.isAwaitingJoin) continue;
      m.answerJoin(joinAnswer(group, m));
      this.heartbeat(group, m);
    }
  }

  /** The leader must be among the members that rejoined; false when there are members but none rejoined. */
  private electJoinedLeader(group: ClassicGroup): boolean {
    if (group.members.size === 0) return true;
    const leader = group.leaderId === null ? undefined : group.get(group.leaderId);
    if (leader?.isAwaitingJoin) return true;
    for (const m of group.members.values()) {
      if (m.isAwaitingJoin) {
        group.leaderId = m.memberId;
        return true;
      }
    }
    return false;
  }

  private isCurrent(group: ClassicGroup): boolean {
    return this.deps.groups.get(group.groupId) === group;
  }

  private now(): number {
    return this.deps.options.now();
  }
}

function groupPrefix(group: ClassicGroup): string {
  return `${group.groupId}\u0000`;
}

function sessionKey(group: ClassicGroup, memberId: string): string {
  return `${groupPrefix(group)}session\u0000${memberId}`;
}

function pendingKey(group: ClassicGroup, memberId: string): string {
  return `${groupPrefix(group)}pending\u0000${memberId}`;
}

function joinKey(group: ClassicGroup): string {
  return `${groupPrefix(group)}join`;
}
