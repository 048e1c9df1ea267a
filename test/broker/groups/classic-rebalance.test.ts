// The classic rebalance protocol, driven through the coordinator with fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../../broker/protocol/error-codes.ts';
import type { GroupCoordinator } from '../../../broker/groups/group-coordinator.ts';
import {
  assignEveryone,
  formGroup,
  heartbeatOf,
  joinAll,
  joinRequest,
  NONE,
  protocols,
  startCoordinator,
  syncRequest,
  tick,
  track,
} from './coordinator-harness.ts';
import type { MemoryCoordinatorLog } from './memory-coordinator-log.ts';

let coordinator: GroupCoordinator;
let log: MemoryCoordinatorLog;

beforeEach(async () => {
  vi.useFakeTimers();
  ({ coordinator, log } = await startCoordinator());
});

afterEach(() => {
  coordinator.close();
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
});

describe('join and sync', () => {
  it('forms a one-member group: generation 1, it leads, gets its own metadata and assignment', async () => {
    const [joined] = await joinAll(coordinator, [joinRequest('g1', { protocols: [{ name: 'range', metadata: Buffer.from('m1') }] })]);
    expect(joined.errorCode).toBe(NONE);
    expect(joined.generationId).toBe(1);
    expect(joined.leader).toBe(joined.memberId);
    expect(joined.memberId).toMatch(/^client-[0-9a-f-]{36}$/);
    expect(joined.protocolType).toBe('consumer');
    expect(joined.protocolName).toBe('range');
    expect(joined.members).toEqual([{ memberId: joined.memberId, groupInstanceId: null, metadata: Buffer.from('m1') }]);

    const synced = await coordinator.syncGroup(syncRequest('g1', joined, [{ memberId: joined.memberId, assignment: Buffer.from('a1') }]));
    expect(synced).toEqual({ errorCode: NONE, protocolType: 'consumer', protocolName: 'range', assignment: Buffer.from('a1') });
    expect(coordinator.describeGroups(['g1'])[0].groupState).toBe('Stable');
    expect(heartbeatOf(coordinator, 'g1', joined)).toBe(NONE);
  });

  it('with three members only the leader gets the metadata, and followers wait for the leader to sync', async () => {
    const joined = await joinAll(coordinator, [0, 1, 2].map((i) => joinRequest('g3', { clientId: `c${i}`, protocols: [{ name: 'range', metadata: Buffer.from(`m${i}`) }] })));
    const leader = joined.find((j) => j.memberId === j.leader)!;
    expect(leader.memberId).toBe(joined[0].memberId);
    expect(new Set(joined.map((j) => j.generationId))).toEqual(new Set([1]));
    expect(leader.members.map((m) => m.metadata.toString())).toEqual(['m0', 'm1', 'm2']);
    for (const follower of joined.filter((j) => j !== leader)) expect(follower.members).toEqual([]);

    const followerSyncs = joined.filter((j) => j !== leader).map((j) => track(coordinator.syncGroup(syncRequest('g3', j))));
    await tick();
    expect(followerSyncs.every((s) => !s.settled)).toBe(true);
    expect(coordinator.describeGroups(['g3'])[0].groupState).toBe('CompletingRebalance');

    const leaderSync = await coordinator.syncGroup(syncRequest('g3', leader, assignEveryone(leader)));
    await tick();
    expect(leaderSync.assignment.toString()).toBe(`for-${leader.memberId}`);
    for (const [i, s] of followerSyncs.entries()) {
      const follower = joined.filter((j) => j !== leader)[i];
      expect(s.value!.errorCode).toBe(NONE);
      expect(s.value!.assignment.toString()).toBe(`for-${follower.memberId}`);
    }
    const described = coordinator.describeGroups(['g3'])[0];
    expect(described.groupState).toBe('Stable');
    expect(described.protocolData).toBe('range');
    expect(described.members.map((m) => m.memberAssignment.toString())).toEqual(joined.map((j) => `for-${j.memberId}`));
  });

  it('v4+ clients first get MEMBER_ID_REQUIRED with their id, then join with it', async () => {
    const first = await coordinator.joinGroup(joinRequest('gm', { requireKnownMemberId: true }));
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED.code);
    expect(first.memberId).toMatch(/^client-/);
    expect(first.generationId).toBe(-1);
    expect(coordinator.describeGroups(['gm'])[0]).toMatchObject({ groupState: 'Empty', members: [] });

    const [joined] = await joinAll(coordinator, [joinRequest('gm', { requireKnownMemberId: true, memberId: first.memberId })]);
    expect(joined).toMatchObject({ errorCode: NONE, memberId: first.memberId, leader: first.memberId, generationId: 1 });
  });

  it('a pending member id that never comes back expires after the session timeout', async () => {
    const first = await coordinator.joinGroup(joinRequest('gp', { requireKnownMemberId: true }));
    await tick(1001);
    const late = await coordinator.joinGroup(joinRequest('gp', { requireKnownMemberId: true, memberId: first.memberId }));
    expect(late.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID.code);
  });

  it('picks the protocol all members support that most prefer', async () => {
    const joined = await joinAll(coordinator, [
      joinRequest('gsel', { protocols: protocols('roundrobin', 'range', 'sticky') }),
      joinRequest('gsel', { protocols: protocols('range', 'roundrobin') }),
      joinRequest('gsel', { protocols: protocols('range', 'cooperative-sticky', 'roundrobin') }),
    ]);
    expect(joined.map((j) => j.protocolName)).toEqual(['range', 'range', 'range']);
    expect(joined[0].members[0].metadata.toString()).toBe('range-meta');
  });

  it('refuses a member without a protocol in common, or of another protocol type', async () => {
    await formGroup(coordinator, 'gi', 1);
    const noCommon = await coordinator.joinGroup(joinRequest('gi', { protocols: protocols('roundrobin') }));
    expect(noCommon.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code);
    const otherType = await coordinator.joinGroup(joinRequest('gi', { protocolType: 'connect' }));
    expect(otherType.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code);
    const emptyList = await coordinator.joinGroup(joinRequest('gnew', { protocols: [] }));
    expect(emptyList.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code);
  });

  it('is protocol-agnostic: a connect group works the same way', async () => {
    const joined = await joinAll(coordinator, [
      joinRequest('connect-cluster', { protocolType: 'connect', protocols: protocols('sessioned', 'compatible') }),
      joinRequest('connect-cluster', { protocolType: 'connect', protocols: protocols('compatible') }),
    ]);
    expect(joined.map((j) => [j.protocolType, j.protocolName])).toEqual([['connect', 'compatible'], ['connect', 'compatible']]);
  });

  it('checks the session timeout against the configured bounds and the group id', async () => {
    const tooShort = await coordinator.joinGroup(joinRequest('gs', { sessionTimeoutMs: 5 }));
    expect(tooShort.errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT.code);
    const tooLong = await coordinator.joinGroup(joinRequest('gs', { sessionTimeoutMs: 1_800_001 }));
    expect(tooLong.errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT.code);
    const noId = await coordinator.joinGroup(joinRequest(''));
    expect(noId.errorCode).toBe(ErrorCode.INVALID_GROUP_ID.code);
  });

  it('rejects unknown members, stale generations and mismatched protocol names', async () => {
    const { joined } = await formGroup(coordinator, 'ge', 1);
    const [me] = joined;
    expect(coordinator.heartbeat({ groupId: 'ge', generationId: 1, memberId: 'nobody', groupInstanceId: null })).toBe(ErrorCode.UNKNOWN_MEMBER_ID.code);
    expect(coordinator.heartbeat({ groupId: 'nope', generationId: 1, memberId: me.memberId, groupInstanceId: null })).toBe(ErrorCode.UNKNOWN_MEMBER_ID.code);
    expect(coordinator.heartbeat({ groupId: 'ge', generationId: 0, memberId: me.memberId, groupInstanceId: null })).toBe(ErrorCode.ILLEGAL_GENERATION.code);
    const staleSync = await coordinator.syncGroup({ ...syncRequest('ge', me), generationId: 7 });
    expect(staleSync.errorCode).toBe(ErrorCode.ILLEGAL_GENERATION.code);
    const wrongName = await coordinator.syncGroup({ ...syncRequest('ge', me), protocolName: 'roundrobin' });
    expect(wrongName.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code);
    const wrongType = await coordinator.syncGroup({ ...syncRequest('ge', me), protocolType: 'connect' });
    expect(wrongType.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code);
    const rightNames = await coordinator.syncGroup({ ...syncRequest('ge', me), protocolType: 'consumer', protocolName: 'range' });
    expect(rightNames.errorCode).toBe(NONE);
    const unknownJoin = await coordinator.joinGroup(joinRequest('ge', { memberId: 'ghost' }));
    expect(unknownJoin.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID.code);
  });

  it('a follower rejoining a Stable group with the same metadata gets the current generation without a rebalance', async () => {
    const { joined } = await formGroup(coordinator, 'gf', 2);
    const follower = joined.find((j) => j.memberId !== j.leader)!;
    const again = await coordinator.joinGroup(joinRequest('gf', { memberId: follower.memberId }));
    expect(again).toMatchObject({ errorCode: NONE, generationId: 1, members: [] });
    expect(coordinator.describeGroups(['gf'])[0].groupState).toBe('Stable');
  });
});

describe('rebalances', () => {
  it('a new member makes the others rejoin: heartbeats answer REBALANCE_IN_PROGRESS until the join completes', async () => {
    const { joined } = await formGroup(coordinator, 'gr', 2);
    const newcomer = track(coordinator.joinGroup(joinRequest('gr', { clientId: 'late' })));
    await tick();
    expect(newcomer.settled).toBe(false);
    expect(coordinator.describeGroups(['gr'])[0].groupState).toBe('PreparingRebalance');
    for (const j of joined) expect(heartbeatOf(coordinator, 'gr', j)).toBe(ErrorCode.REBALANCE_IN_PROGRESS.code);
    const staleSync = await coordinator.syncGroup(syncRequest('gr', joined[0]));
    expect(staleSync.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS.code);

    const rejoined = await joinAll(coordinator, joined.map((j, i) => joinRequest('gr', { clientId: `c${i}`, memberId: j.memberId })));
    await tick();
    expect(newcomer.value!.generationId).toBe(2);
    expect(rejoined.map((r) => r.generationId)).toEqual([2, 2]);
    const leader = [...rejoined, newcomer.value!].find((r) => r.members.length > 0)!;
    expect(leader.memberId).toBe(joined[0].memberId);
    expect(leader.members).toHaveLength(3);
  });

  it('a member that does not rejoin within the rebalance timeout is removed', async () => {
    const { joined } = await formGroup(coordinator, 'gt', 2);
    // Keep member 1 alive by heartbeats but never rejoin; member 0 rejoins.
    const rejoin = track(coordinator.joinGroup(joinRequest('gt', { memberId: joined[0].memberId })));
    await tick(900);
    expect(heartbeatOf(coordinator, 'gt', joined[1])).toBe(ErrorCode.REBALANCE_IN_PROGRESS.code);
    await tick(900);
    expect(rejoin.settled).toBe(false);
    await tick(300); // rebalance timeout 2000 ms
    expect(rejoin.value).toMatchObject({ errorCode: NONE, generationId: 2 });
    expect(rejoin.value!.members.map((m) => m.memberId)).toEqual([joined[0].memberId]);
    expect(heartbeatOf(coordinator, 'gt', joined[1])).toBe(ErrorCode.UNKNOWN_MEMBER_ID.code);
  });

  it('session expiry removes a silent member and rebalances the rest', async () => {
    const { joined } = await formGroup(coordinator, 'gx', 2);
    const [alive, silent] = joined;
    await tick(600);
    expect(heartbeatOf(coordinator, 'gx', alive)).toBe(NONE);
    await tick(600); // silent's 1000 ms session is over
    expect(heartbeatOf(coordinator, 'gx', alive)).toBe(ErrorCode.REBALANCE_IN_PROGRESS.code);
    const [rejoined] = await joinAll(coordinator, [joinRequest('gx', { memberId: alive.memberId })]);
    expect(rejoined).toMatchObject({ errorCode: NONE, generationId: 2, leader: alive.memberId });
    expect(rejoined.members.map((m) => m.memberId)).toEqual([alive.memberId]);
    expect(heartbeatOf(coordinator, 'gx', silent)).toBe(ErrorCode.UNKNOWN_MEMBER_ID.code);
  });

  it('members waiting in JoinGroup or SyncGroup do not expire', async () => {
    const joined = await joinAll(coordinator, [joinRequest('gw'), joinRequest('gw')]);
    const follower = joined.find((j) => j.members.length === 0)!;
    const leader = joined.find((j) => j.members.length > 0)!;
    const parked = track(coordinator.syncGroup(syncRequest('gw', follower)));
    // Past the follower's 1000 ms session while it waits; the leader heartbeats meanwhile.
    for (let i = 0; i < 3; i++) {
      await tick(500);
      expect(heartbeatOf(coordinator, 'gw', leader)).toBe(NONE);
    }
    expect(parked.settled).toBe(false);
    await coordinator.syncGroup(syncRequest('gw', leader, assignEveryone(leader)));
    await tick();
    expect(parked.value!.errorCode).toBe(NONE);
  });

  it('leaving triggers a rebalance at once; the last member leaving makes the group Empty', async () => {
    const { joined } = await formGroup(coordinator, 'gl', 2);
    const left = coordinator.leaveGroup('gl', [{ memberId: joined[1].memberId, groupInstanceId: null }]);
    expect(left).toEqual({ errorCode: NONE, members: [{ memberId: joined[1].memberId, groupInstanceId: null, errorCode: NONE }] });
    expect(heartbeatOf(coordinator, 'gl', joined[0])).toBe(ErrorCode.REBALANCE_IN_PROGRESS.code);
    const [rejoined] = await joinAll(coordinator, [joinRequest('gl', { memberId: joined[0].memberId })]);
    expect(rejoined.generationId).toBe(2);

    coordinator.leaveGroup('gl', [{ memberId: joined[0].memberId, groupInstanceId: null }]);
    await tick();
    expect(coordinator.describeGroups(['gl'])[0]).toMatchObject({ groupState: 'Empty', members: [] });
    const unknown = coordinator.leaveGroup('gl', [{ memberId: 'ghost', groupInstanceId: null }]);
    expect(unknown.members[0].errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID.code);
  });

  it('a member leaving while others wait in JoinGroup lets the join complete', async () => {
    const { joined } = await formGroup(coordinator, 'gj', 2);
    const rejoin = track(coordinator.joinGroup(joinRequest('gj', { memberId: joined[0].memberId })));
    await tick();
    expect(rejoin.settled).toBe(false);
    coordinator.leaveGroup('gj', [{ memberId: joined[1].memberId, groupInstanceId: null }]);
    await tick();
    expect(rejoin.value).toMatchObject({ errorCode: NONE, generationId: 2 });
  });

  it('a leader rejoining a Stable group starts a rebalance (it wants to reassign)', async () => {
    const { joined } = await formGroup(coordinator, 'gk', 2);
    const leader = joined.find((j) => j.memberId === j.leader)!;
    const rejoin = track(coordinator.joinGroup(joinRequest('gk', { memberId: leader.memberId })));
    await tick();
    expect(rejoin.settled).toBe(false);
    expect(coordinator.describeGroups(['gk'])[0].groupState).toBe('PreparingRebalance');
  });

  it('a lone leader rejoining completes the round at once, without waiting out the rebalance timeout', async () => {
    // Regression: a Stable one-member group (e.g. a single Connect worker) whose leader rejoined
    // waited the whole rebalance timeout although every member had already rejoined.
    const { joined } = await formGroup(coordinator, 'solo', 1);
    const rejoin = track(coordinator.joinGroup(joinRequest('solo', { memberId: joined[0].memberId, rebalanceTimeoutMs: 60_000 })));
    await tick();
    expect(rejoin.settled).toBe(true);
    expect(rejoin.value!.errorCode).toBe(NONE);
    expect(rejoin.value!.generationId).toBe(joined[0].generationId + 1);
  });

  it('SyncGroup waiting when a rebalance starts is told REBALANCE_IN_PROGRESS', async () => {
    const joined = await joinAll(coordinator, [joinRequest('gz'), joinRequest('gz')]);
    const follower = joined.find((j) => j.members.length === 0)!;
    const parked = track(coordinator.syncGroup(syncRequest('gz', follower)));
    await tick();
    void coordinator.joinGroup(joinRequest('gz', { clientId: 'newcomer' }));
    await tick();
    expect(parked.value!.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS.code);
  });
});

describe('initial rebalance delay', () => {
  it('an Empty group waits group.initial.rebalance.delay.ms, extended per newcomer, so members land in one generation', async () => {
    coordinator.close();
    ({ coordinator } = await startCoordinator({ initialRebalanceDelayMs: 100 }));
    const first = track(coordinator.joinGroup(joinRequest('gd', { rebalanceTimeoutMs: 10_000 })));
    await tick(80);
    const second = track(coordinator.joinGroup(joinRequest('gd', { rebalanceTimeoutMs: 10_000 })));
    await tick(80); // first delay over, but a member arrived: wait another delay
    expect(first.settled).toBe(false);
    await tick(100);
    expect(first.value!.generationId).toBe(1);
    expect(second.value!.generationId).toBe(1);
    expect(first.value!.members).toHaveLength(2);
  });

  it('never waits longer than the rebalance timeout', async () => {
    coordinator.close();
    ({ coordinator } = await startCoordinator({ initialRebalanceDelayMs: 5000 }));
    const joined = track(coordinator.joinGroup(joinRequest('gd2', { rebalanceTimeoutMs: 300 })));
    await tick(299);
    expect(joined.settled).toBe(false);
    await tick(1);
    expect(joined.value!.errorCode).toBe(NONE);
  });
});

describe('storing the assignment', () => {
  it('a failed write answers the parked syncs with the error and rebalances', async () => {
    const joined = await joinAll(coordinator, [joinRequest('gw1'), joinRequest('gw1')]);
    const leader = joined.find((j) => j.members.length > 0)!;
    const follower = joined.find((j) => j !== leader)!;
    const parked = track(coordinator.syncGroup(syncRequest('gw1', follower)));
    log.failAppends = 1;
    const leaderSync = await coordinator.syncGroup(syncRequest('gw1', leader, assignEveryone(leader)));
    await tick();
    expect(leaderSync.errorCode).toBe(ErrorCode.NOT_COORDINATOR.code);
    expect(parked.value!.errorCode).toBe(ErrorCode.NOT_COORDINATOR.code);
    expect(coordinator.describeGroups(['gw1'])[0].groupState).toBe('PreparingRebalance');
  });

  it('a write completing after close arms no timer', async () => {
    const [joined] = await joinAll(coordinator, [joinRequest('gw2')]);
    log.failAppends = 1;
    const sync = coordinator.syncGroup(syncRequest('gw2', joined, assignEveryone(joined)));
    coordinator.close();
    expect((await sync).errorCode).toBe(ErrorCode.NOT_COORDINATOR.code);
    await tick();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('lifecycle', () => {
  it('close answers parked JoinGroups with NOT_COORDINATOR, refuses further requests and leaves no timer', async () => {
    const [first] = await joinAll(coordinator, [joinRequest('gc')]);
    const second = track(coordinator.joinGroup(joinRequest('gc'))); // parked: waits for the first to rejoin
    await tick();
    expect(second.settled).toBe(false);
    coordinator.close();
    await tick();
    expect(second.value!.errorCode).toBe(ErrorCode.NOT_COORDINATOR.code);
    expect(heartbeatOf(coordinator, 'gc', first)).toBe(ErrorCode.NOT_COORDINATOR.code);
    expect(coordinator.activeTimers).toBe(0);
  });
});
