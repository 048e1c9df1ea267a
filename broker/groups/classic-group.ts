/**
 * A classic (JoinGroup/SyncGroup) group: state, generation, chosen protocol, leader and members.
 *
 * Design: plain state plus the invariants that tie it together (leader is a member, static instance
 * ids map to live members, legal state transitions); no timers and no I/O, so the rebalance logic
 * (rebalancer.ts) and the request operations stay testable and the group can be rebuilt from its
 * stored form. Map insertion order is join order, which makes "first joiner leads" fall out.
 */
import { consumerSubscribedTopics } from './consumer-subscription.ts';
import type { GroupMember } from './group-member.ts';
import type { GroupProtocol, JoinedMember } from './group-requests.ts';
import { canTransition, GroupState } from './group-state.ts';

const CONSUMER_PROTOCOL_TYPE = 'consumer';

export class ClassicGroup {
  readonly groupId: string;
  private currentState: GroupState;
  /** When the current state was entered (Empty since, for offsets retention). */
  stateTimestamp: number;
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, GroupMember>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, not yet back. */
  readonly pendingMembers = new Set<string>();
  /** Set when someone joins during a delayed initial rebalance, which then waits a little longer. */
  newMemberAdded = false;
  /** Topics a 'consumer' group's members subscribe to; null when unknown. Fixed per generation. */
  subscribedTopics: ReadonlySet<string> | null = new Set();
  private readonly instances = new Map<string, string>();

  constructor(groupId: string, now: number, state: GroupState = GroupState.Empty) {
    this.groupId = groupId;
    this.currentState = state;
    this.stateTimestamp = now;
  }

  get state(): GroupState {
    return this.currentState;
  }

  is(state: GroupState): boolean {
    return this.currentState === state;
  }

  transitionTo(next: GroupState, now: number): void {
    if (!canTransition(this.currentState, next)) {
      throw new Error(`group ${this.groupId}: illegal transition ${this.currentState} -> ${next}`);
    }
    this.currentState = next;
    this.stateTimestamp = now;
  }

  get(memberId: string): GroupMember | undefined {
    return this.members.get(memberId);
  }

  has(memberId: string): boolean {
    return this.members.has(memberId);
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  memberIdOf(groupInstanceId: string): string | undefined {
    return this.instances.get(groupInstanceId);
  }

  /** A request naming an instance id held by a different member id comes from a stale (fenced) member. */
  isFenced(groupInstanceId: string | null, memberId: string): boolean {
    if (groupInstanceId === null) return false;
    const holder = this.instances.get(groupInstanceId);
    return holder !== undefined && holder !== memberId;
  }

  add(member: GroupMember): void {
    if (this.members.size === 0) this.protocolType = member.protocolType;
    this.members.set(member.memberId, member);
    if (member.groupInstanceId !== null) this.instances.set(member.groupInstanceId, member.memberId);
    this.leaderId ??= member.memberId;
  }

  remove(memberId: string): GroupMember | undefined {
    const member = this.members.get(memberId);
    if (!member) return undefined;
    this.members.delete(memberId);
    if (member.groupInstanceId !== null && this.instances.get(member.groupInstanceId) === memberId) {
      this.instances.delete(member.groupInstanceId);
    }
    if (this.leaderId === memberId) this.leaderId = this.members.keys().next().value ?? null;
    return member;
  }

  /** Moves a static member to a new member id (a restarted instance); it keeps its place and leadership. */
  rekeyStaticMember(member: GroupMember, newMemberId: string): void {
    const oldMemberId = member.memberId;
    const entries = [...this.members.entries()];
    this.members.clear();
    for (const [id, m] of entries) this.members.set(id === oldMemberId ? newMemberId : id, m);
    member.memberId = newMemberId;
    if (member.groupInstanceId !== null) this.instances.set(member.groupInstanceId, newMemberId);
    if (this.leaderId === oldMemberId) this.leaderId = newMemberId;
  }

  allMembersJoined(): boolean {
    if (this.pendingMembers.size > 0) return false;
    for (const m of this.members.values()) if (!m.isAwaitingJoin) return false;
    return true;
  }

  /** How long a rebalance may wait for members to rejoin: the longest any member asked for. */
  rebalanceTimeoutMs(): number {
    let longest = 0;
    for (const m of this.members.values()) longest = Math.max(longest, m.rebalanceTimeoutMs);
    return longest;
  }

  /**
   * Whether a member with these protocols may be in the group: an Empty group takes anything non-empty;
   * otherwise the type must match and one protocol must be supported by every other member.
   */
  supportsProtocols(protocolType: string, protocols: readonly GroupProtocol[], joining?: GroupMember): boolean {
    if (protocolType === '' || protocols.length === 0) return false;
    const others = [...this.members.values()].filter((m) => m !== joining);
    if (others.length === 0) return true;
    if (protocolType !== this.protocolType) return false;
    return protocols.some((p) => others.every((m) => m.protocols.some((q) => q.name === p.name)));
  }

  /** The protocol every member supports that most members prefer (ties: the earlier member's preference). */
  selectProtocol(): string {
    const members = [...this.members.values()];
    const candidates = new Set(members[0].protocols.map((p) => p.name));
    for (const m of members.slice(1)) {
      for (const name of candidates) if (!m.protocols.some((p) => p.name === name)) candidates.delete(name);
    }
    const votes = new Map<string, number>();
    for (const m of members) {
      const choice = m.vote(candidates);
      if (choice !== undefined) votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    let best: string | undefined;
    for (const [name, count] of votes) if (best === undefined || count > votes.get(best)!) best = name;
    if (best === undefined) throw new Error(`group ${this.groupId}: no protocol all members support`);
    return best;
  }

  /** Ends a rebalance's join phase: a new generation, CompletingRebalance, or Empty when nobody is left. */
  initNextGeneration(now: number): void {
    this.generationId++;
    if (this.members.size > 0) {
      this.protocolName = this.selectProtocol();
      this.subscribedTopics = this.computeSubscribedTopics();
      this.transitionTo(GroupState.CompletingRebalance, now);
    } else {
      this.protocolName = null;
      this.subscribedTopics = new Set();
      this.transitionTo(GroupState.Empty, now);
    }
  }

  computeSubscribedTopics(): ReadonlySet<string> | null {
    if (this.protocolType !== CONSUMER_PROTOCOL_TYPE) return null;
    const topics = new Set<string>();
    for (const m of this.members.values()) {
      const subscribed = consumerSubscribedTopics(m.metadataFor(this.protocolName));
      if (subscribed === null) return null;
      for (const t of subscribed) topics.add(t);
    }
    return topics;
  }

  /** Whether committed offsets of the topic are in use; unknown subscriptions count as in use. */
  isSubscribedTo(topic: string): boolean {
    if (this.is(GroupState.Empty)) return false;
    return this.subscribedTopics === null || this.subscribedTopics.has(topic);
  }

  /** What the leader gets in its JoinGroup response. */
  joinedMembers(): JoinedMember[] {
    return [...this.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.metadataFor(this.protocolName),
    }));
  }
}
