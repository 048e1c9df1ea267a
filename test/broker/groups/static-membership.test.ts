// Static membership (group.instance.id): restarts without rebalances, and fencing of the stale member id.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../../broker/protocol/error-codes.ts';
import type { GroupCoordinator } from '../../../broker/groups/group-coordinator.ts';
import type { JoinGroupResult } from '../../../broker/groups/group-requests.ts';
import { assignEveryone, joinAll, joinRequest, NONE, protocols, startCoordinator, syncRequest, tick, track } from './coordinator-harness.ts';

let coordinator: GroupCoordinator;

beforeEach(async () => {
  vi.useFakeTimers();
  ({ coordinator } = await startCoordinator());
});

afterEach(() => {
  coordinator.close();
  vi.useRealTimers();
});

/** Two static members, a-1 and a-2, Stable in generation 1. */
async function staticGroup(): Promise<JoinGroupResult[]> {
  const joined = await joinAll(coordinator, [
    joinRequest('sg', { groupInstanceId: 'a-1', requireKnownMemberId: true }),
    joinRequest('sg', { groupInstanceId: 'a-2', requireKnownMemberId: true }),
  ]);
  const leader = joined.find((j) => j.members.length > 0)!;
  await Promise.all(
    joined.map((j) => coordinator.syncGroup({ ...syncRequest('sg', j, j === leader ? assignEveryone(leader) : []), groupInstanceId: j === joined[0] ? 'a-1' : 'a-2' })),
  );
  return joined;
}

describe('static members', () => {
  it('join without MEMBER_ID_REQUIRED and get ids derived from their instance id', async () => {
    const joined = await staticGroup();
    expect(joined.map((j) => j.errorCode)).toEqual([NONE, NONE]);
    expect(joined[0].memberId).toMatch(/^a-1-/);
    expect(joined[0].members.map((m) => m.groupInstanceId)).toEqual(['a-1', 'a-2']);
  });

  it('a restarted member with unchanged metadata replaces its old id without a rebalance and keeps its assignment', async () => {
    const [first, second] = await staticGroup();
    const restarted = await coordinator.joinGroup(joinRequest('sg', { groupInstanceId: 'a-2' }));
    expect(restarted).toMatchObject({ errorCode: NONE, generationId: 1, leader: first.memberId, members: [] });
    expect(restarted.memberId).not.toBe(second.memberId);
    expect(coordinator.describeGroups(['sg'])[0].groupState).toBe('Stable');
    // The other member notices nothing.
    expect(coordinator.heartbeat({ groupId: 'sg', generationId: 1, memberId: first.memberId, groupInstanceId: 'a-1' })).toBe(NONE);

    const synced = await coordinator.syncGroup({ ...syncRequest('sg', restarted), groupInstanceId: 'a-2' });
    expect(synced.assignment.toString()).toBe(`for-${second.memberId}`);

    // The old incarnation is fenced everywhere.
    const fenced = { groupId: 'sg', generationId: 1, memberId: second.memberId, groupInstanceId: 'a-2' };
    expect(coordinator.heartbeat(fenced)).toBe(ErrorCode.FENCED_INSTANCE_ID.code);
    expect((await coordinator.syncGroup({ ...fenced, protocolType: null, protocolName: null, assignments: [] })).errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID.code);
    expect((await coordinator.joinGroup(joinRequest('sg', { memberId: second.memberId, groupInstanceId: 'a-2' }))).errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID.code);
    const commit = await coordinator.commitOffsets({ ...fenced, retentionTimeMs: -1, topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null }] }] });
    expect(commit[0].partitions[0].errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID.code);
    const leave = coordinator.leaveGroup('sg', [{ memberId: second.memberId, groupInstanceId: 'a-2' }]);
    expect(leave.members[0].errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID.code);
  });

  it('the static leader restarting keeps leadership; a v9 client is sent the members and told to skip the assignment', async () => {
    const [first] = await staticGroup();
    const restarted = await coordinator.joinGroup(joinRequest('sg', { groupInstanceId: 'a-1', supportsSkipAssignment: true }));
    expect(restarted.leader).toBe(restarted.memberId);
    expect(restarted.skipAssignment).toBe(true);
    expect(restarted.members.map((m) => m.groupInstanceId)).toEqual(['a-1', 'a-2']);
    expect(restarted.memberId).not.toBe(first.memberId);
    expect(coordinator.describeGroups(['sg'])[0].groupState).toBe('Stable');
  });

  it('a restarted member with changed metadata triggers a rebalance', async () => {
    const [first] = await staticGroup();
    const restarted = track(coordinator.joinGroup(joinRequest('sg', { groupInstanceId: 'a-2', protocols: [{ name: 'range', metadata: Buffer.from('new topics') }] })));
    await tick();
    expect(restarted.settled).toBe(false);
    expect(coordinator.heartbeat({ groupId: 'sg', generationId: 1, memberId: first.memberId, groupInstanceId: 'a-1' })).toBe(ErrorCode.REBALANCE_IN_PROGRESS.code);
    const [rejoined] = await joinAll(coordinator, [joinRequest('sg', { memberId: first.memberId, groupInstanceId: 'a-1' })]);
    expect(rejoined.generationId).toBe(2);
    expect(restarted.value!.generationId).toBe(2);
  });

  it('a static member that does not rejoin a rebalance stays until its session expires', async () => {
    const [first, second] = await staticGroup();
    const rejoin = track(coordinator.joinGroup(joinRequest('sg', { memberId: first.memberId, groupInstanceId: 'a-1', protocols: protocols('range', 'roundrobin') })));
    // a-2 keeps heartbeating but never rejoins.
    for (let i = 0; i < 2; i++) {
      await tick(900);
      expect(coordinator.heartbeat({ groupId: 'sg', generationId: 1, memberId: second.memberId, groupInstanceId: 'a-2' })).toBe(ErrorCode.REBALANCE_IN_PROGRESS.code);
    }
    await tick(300); // rebalance timeout passes: a-2 is kept, the generation moves on without it
    expect(rejoin.value).toMatchObject({ errorCode: NONE, generationId: 2 });
    expect(coordinator.describeGroups(['sg'])[0].members.map((m) => m.groupInstanceId)).toEqual(['a-1', 'a-2']);
    expect(coordinator.heartbeat({ groupId: 'sg', generationId: 1, memberId: second.memberId, groupInstanceId: 'a-2' })).toBe(ErrorCode.ILLEGAL_GENERATION.code);
    const leaderSync = await coordinator.syncGroup({ ...syncRequest('sg', rejoin.value!, assignEveryone(rejoin.value!)), groupInstanceId: 'a-1' });
    expect(leaderSync.errorCode).toBe(NONE);
    await tick(950); // a-2's session (last heartbeat 1800 ms) runs out; a-1's (synced at 2100 ms) does not
    expect(coordinator.describeGroups(['sg'])[0].members.map((m) => m.groupInstanceId)).toEqual(['a-1']);
  });

  it('leaves by instance id (v3+ batch), with or without the member id', async () => {
    const [first, second] = await staticGroup();
    const result = coordinator.leaveGroup('sg', [
      { memberId: '', groupInstanceId: 'a-1' },
      { memberId: second.memberId, groupInstanceId: 'a-2' },
      { memberId: '', groupInstanceId: 'a-3' },
    ]);
    expect(result.members.map((m) => m.errorCode)).toEqual([NONE, NONE, ErrorCode.UNKNOWN_MEMBER_ID.code]);
    await tick();
    expect(coordinator.describeGroups(['sg'])[0].groupState).toBe('Empty');
    expect(first.memberId).not.toBe(second.memberId);
  });
});
