// A coordinator rebuilt from __consumer_offsets sees what the previous one stored; retention writes tombstones.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../../broker/protocol/error-codes.ts';
import type { GroupCoordinator } from '../../../broker/groups/group-coordinator.ts';
import type { OffsetCommitRequest } from '../../../broker/groups/group-requests.ts';
import { formGroup, heartbeatOf, joinAll, joinRequest, NONE, startCoordinator, subscription, tick } from './coordinator-harness.ts';
import { MemoryCoordinatorLog } from './memory-coordinator-log.ts';
import { encodeRecordBatch } from '../../../broker/protocol/records/record-batch.ts';

const RETENTION_MS = 60_000;
const LONG_SESSION = { sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 30_000 };
const running: GroupCoordinator[] = [];

async function start(log: MemoryCoordinatorLog, options = {}): Promise<GroupCoordinator> {
  // The periodic check is off (far away) unless a test asks for it; tests call expireOffsets().
  const { coordinator } = await startCoordinator({ offsetsRetentionMs: RETENTION_MS, offsetsRetentionCheckIntervalMs: 1e9, ...options }, log);
  running.push(coordinator);
  return coordinator;
}

function commitOne(groupId: string, topic: string, offset: number, over: Partial<OffsetCommitRequest> = {}): OffsetCommitRequest {
  return {
    groupId,
    generationId: -1,
    memberId: '',
    groupInstanceId: null,
    retentionTimeMs: -1,
    topics: [{ name: topic, partitions: [{ partitionIndex: 0, committedOffset: BigInt(offset), committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: 'x' }] }],
    ...over,
  };
}

function offsetOf(c: GroupCoordinator, groupId: string, topic: string): bigint {
  return c.fetchOffsets(groupId, [{ name: topic, partitionIndexes: [0] }]).topics[0].partitions[0].committedOffset;
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  for (const c of running.splice(0)) c.close();
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
});

describe('reload from __consumer_offsets', () => {
  it('sees committed offsets and Empty groups, and not what was deleted', async () => {
    const log = new MemoryCoordinatorLog();
    const first = await start(log);
    await first.commitOffsets(commitOne('kept', 'orders', 10));
    await first.commitOffsets(commitOne('kept', 'orders', 11));
    await first.commitOffsets(commitOne('deleted', 'orders', 5));
    expect(await first.deleteGroups(['deleted'])).toEqual([{ groupId: 'deleted', errorCode: NONE }]);
    // A group whose members all left: Empty, generation 2.
    const { joined } = await formGroup(first, 'emptied', 1);
    first.leaveGroup('emptied', [{ memberId: joined[0].memberId, groupInstanceId: null }]);
    await tick();
    first.close();

    const second = await start(log);
    expect(offsetOf(second, 'kept', 'orders')).toBe(11n);
    expect(second.fetchOffsets('deleted', null).topics).toEqual([]);
    const listed = second.listGroups().groups.sort((a, b) => a.groupId.localeCompare(b.groupId));
    expect(listed).toEqual([
      { groupId: 'emptied', protocolType: 'consumer', groupState: 'Empty' },
      { groupId: 'kept', protocolType: '', groupState: 'Empty' },
    ]);
    // The next generation of the reloaded group continues from the stored one.
    const [rejoined] = await joinAll(second, [joinRequest('emptied')]);
    expect(rejoined.generationId).toBe(3);
  });

  it('brings a Stable group back with its members and assignments; members that are gone expire', async () => {
    const log = new MemoryCoordinatorLog();
    const first = await start(log);
    const { joined } = await formGroup(first, 'live', 2);
    first.close();

    const second = await start(log);
    const described = second.describeGroups(['live'])[0];
    expect(described.groupState).toBe('Stable');
    expect(described.members.map((m) => [m.memberId, m.memberAssignment.toString()])).toEqual(joined.map((j) => [j.memberId, `for-${j.memberId}`]));
    const synced = await second.syncGroup({ groupId: 'live', generationId: 1, memberId: joined[0].memberId, groupInstanceId: null, protocolType: null, protocolName: null, assignments: [] });
    expect(synced.assignment.toString()).toBe(`for-${joined[0].memberId}`);
    // Member 0 keeps heartbeating, member 1 never comes back.
    await tick(600);
    expect(heartbeatOf(second, 'live', joined[0])).toBe(NONE);
    await tick(600);
    expect(heartbeatOf(second, 'live', joined[0])).toBe(ErrorCode.REBALANCE_IN_PROGRESS.code);
  });

  it('skips records it cannot read (another writer, a newer format) and loads the rest', async () => {
    const log = new MemoryCoordinatorLog();
    const first = await start(log);
    await first.commitOffsets(commitOne('survivor', 't', 4));
    first.close();
    const garbage = encodeRecordBatch({ records: [{ key: Buffer.from([0x00]), value: Buffer.from('junk') }, { key: Buffer.from([0x00, 0x07, 0x01]), value: null }] });
    await log.append(0, garbage);
    const warnings: string[] = [];
    const second = await start(log, { logger: { info() {}, warn: (_: object, msg: string) => warnings.push(msg) } });
    expect(offsetOf(second, 'survivor', 't')).toBe(4n);
    expect(warnings).toEqual(['skipping unreadable __consumer_offsets record']);
  });

  it('keeps the partition count of an existing topic', async () => {
    const log = new MemoryCoordinatorLog();
    log.ensureTopic(3);
    const c = await start(log, { offsetsTopicPartitions: 50 });
    await c.commitOffsets(commitOne('g', 't', 1));
    expect(log.partitions).toHaveLength(3);
    expect(c.partitionFor('hello')).toBe(99162322 % 3);
  });

  it('answers COORDINATOR_LOAD_IN_PROGRESS until loaded', async () => {
    const log = new MemoryCoordinatorLog();
    const { GroupCoordinator } = await import('../../../broker/groups/group-coordinator.ts');
    const c = new GroupCoordinator(log, { minSessionTimeoutMs: 10 });
    running.push(c);
    expect(c.heartbeat({ groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null })).toBe(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS.code);
    expect(c.fetchOffsets('g', null).errorCode).toBe(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS.code);
    await c.start();
    expect(c.fetchOffsets('g', null).errorCode).toBe(NONE);
  });
});

describe('offsets retention', () => {
  it('expires offsets of a group Empty for longer than the retention, with tombstones, then removes the group', async () => {
    const log = new MemoryCoordinatorLog();
    const c = await start(log);
    await c.commitOffsets(commitOne('old', 'orders', 3));
    await tick(RETENTION_MS - 1);
    expect(await c.expireOffsets()).toBe(0);
    expect(offsetOf(c, 'old', 'orders')).toBe(3n);
    await tick(1);
    expect(await c.expireOffsets()).toBe(1);
    expect(offsetOf(c, 'old', 'orders')).toBe(-1n);
    expect(c.listGroups().groups).toEqual([]);
    expect(log.records().slice(-2)).toEqual([
      { kind: 'offset', key: { group: 'old', topic: 'orders', partition: 0 }, value: null },
      { kind: 'group', groupId: 'old', value: null },
    ]);
    c.close();
    const reloaded = await start(log);
    expect(reloaded.listGroups().groups).toEqual([]);
  });

  it('counts from when the group became Empty, not from the commit, for a group that had members', async () => {
    const log = new MemoryCoordinatorLog();
    const c = await start(log);
    const { joined } = await formGroup(c, 'g', 1, LONG_SESSION);
    await c.commitOffsets(commitOne('g', 't', 1, { generationId: 1, memberId: joined[0].memberId }));
    for (let i = 0; i < 12; i++) {
      await tick(RETENTION_MS / 10); // the member stays far longer than the retention, heartbeating
      expect(heartbeatOf(c, 'g', joined[0])).toBe(NONE);
    }
    expect(await c.expireOffsets()).toBe(0);
    c.leaveGroup('g', [{ memberId: joined[0].memberId, groupInstanceId: null }]);
    await tick();
    await tick(RETENTION_MS - 1);
    expect(await c.expireOffsets()).toBe(0);
    await tick(1);
    expect(await c.expireOffsets()).toBe(1);
  });

  it('runs on its own every offsets.retention.check.interval.ms', async () => {
    const log = new MemoryCoordinatorLog();
    const c = await start(log, { offsetsRetentionCheckIntervalMs: 10_000 });
    await c.commitOffsets(commitOne('auto', 't', 1));
    await tick(RETENTION_MS + 10_000);
    expect(offsetOf(c, 'auto', 't')).toBe(-1n);
  });

  it('honours the retention an OffsetCommit v2-4 asked for', async () => {
    const c = await start(new MemoryCoordinatorLog());
    await c.commitOffsets(commitOne('short', 't', 1, { retentionTimeMs: 1000 }));
    await tick(1000);
    expect(await c.expireOffsets()).toBe(1);
  });

  it('a Stable consumer group loses old offsets of topics it no longer subscribes to', async () => {
    const c = await start(new MemoryCoordinatorLog());
    const { joined } = await formGroup(c, 'cg', 1, { ...LONG_SESSION, protocols: [{ name: 'range', metadata: subscription('current') }] });
    const member = { generationId: 1, memberId: joined[0].memberId };
    await c.commitOffsets(commitOne('cg', 'current', 1, member));
    await c.commitOffsets(commitOne('cg', 'former', 1, member));
    for (let i = 0; i < 11; i++) {
      await tick(RETENTION_MS / 10);
      heartbeatOf(c, 'cg', joined[0]);
    }
    expect(await c.expireOffsets()).toBe(1);
    expect(c.fetchOffsets('cg', null).topics.map((t) => t.name)).toEqual(['current']);
  });
});
