// Converts a group to the form stored in __consumer_offsets and back.
import { ClassicGroup } from './classic-group.ts';
import { GroupMember } from './group-member.ts';
import { GroupState } from './group-state.ts';
import type { StoredGroup } from './group-metadata-record.ts';

/** `assignments` replaces the members' current ones (the leader's SyncGroup is stored before it is applied). */
export function snapshotGroup(group: ClassicGroup, assignments?: ReadonlyMap<string, Buffer>): StoredGroup {
  return {
    protocolType: group.protocolType ?? '',
    generationId: group.generationId,
    protocolName: group.protocolName,
    leaderId: group.leaderId,
    stateTimestamp: group.stateTimestamp,
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      rebalanceTimeoutMs: m.rebalanceTimeoutMs,
      sessionTimeoutMs: m.sessionTimeoutMs,
      subscription: m.metadataFor(group.protocolName),
      assignment: assignments ? (assignments.get(m.memberId) ?? Buffer.alloc(0)) : m.assignment,
    })),
  };
}

/**
 * A group with members comes back Stable in its stored generation: its members carry on, and the
 * ones that are gone expire by session timeout. Without members it comes back Empty.
 */
export function restoreGroup(groupId: string, stored: StoredGroup, now: number): ClassicGroup {
  const state = stored.members.length > 0 ? GroupState.Stable : GroupState.Empty;
  const group = new ClassicGroup(groupId, stored.stateTimestamp >= 0 ? stored.stateTimestamp : now, state);
  group.generationId = stored.generationId;
  group.protocolType = stored.protocolType === '' ? null : stored.protocolType;
  group.protocolName = stored.protocolName;
  for (const m of stored.members) {
    const member = new GroupMember(m.memberId, m.groupInstanceId, {
      clientId: m.clientId,
      clientHost: m.clientHost,
      sessionTimeoutMs: m.sessionTimeoutMs,
      rebalanceTimeoutMs: m.rebalanceTimeoutMs,
      protocolType: stored.protocolType,
      protocols: stored.protocolName === null ? [] : [{ name: stored.protocolName, metadata: m.subscription }],
    });
    member.assignment = m.assignment;
    group.add(member);
  }
  // add() made the first member leader and set the type from it; the stored values win.
  if (stored.leaderId !== null && group.has(stored.leaderId)) group.leaderId = stored.leaderId;
  group.protocolType = stored.protocolType === '' ? null : stored.protocolType;
  group.subscribedTopics = state === GroupState.Empty ? new Set() : group.computeSubscribedTopics();
  return group;
}
