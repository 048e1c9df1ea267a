// OffsetCommit / OffsetFetch / OffsetDelete / DeleteGroups against the coordinator.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../../broker/protocol/error-codes.ts';
import type { GroupCoordinator } from '../../../broker/groups/group-coordinator.ts';
import type { OffsetCommitRequest } from '../../../broker/groups/group-requests.ts';
import { formGroup, joinAll, joinRequest, NONE, startCoordinator, subscription, tick } from './coordinator-harness.ts';
import type { MemoryCoordinatorLog } from './memory-coordinator-log.ts';

let coordinator: GroupCoordinator;
let log: MemoryCoordinatorLog;

beforeEach(async () => {
  vi.useFakeTimers();
  ({ coordinator, log } = await startCoordinator());
});

afterEach(() => {
  coordinator.close();
  vi.useRealTimers();
});

function commit(groupId: string, offsets: Record<string, Record<number, number>>, over: Partial<OffsetCommitRequest> = {}): OffsetCommitRequest {
  return {
    groupId,
    generationId: -1,
    memberId: '',
    groupInstanceId: null,
    retentionTimeMs: -1,
    topics: Object.entries(offsets).map(([name, parts]) => ({
      name,
      partitions: Object.entries(parts).map(([p, offset]) => ({
        partitionIndex: Number(p),
        committedOffset: BigInt(offset),
        committedLeaderEpoch: 3,
        commitTimestamp: -1,
        committedMetadata: `meta-${name}-${p}`,
      })),
    })),
    ...over,
  };
}

function errorsOf(result: readonly { readonly partitions: readonly { readonly errorCode: number }[] }[]): number[] {
  return result.flatMap((t) => t.partitions.map((p) => p.errorCode));
}

describe('commit and fetch', () => {
  it('round-trips offsets, leader epochs and metadata; unknown partitions answer -1', async () => {
    expect(errorsOf(await coordinator.commitOffsets(commit('simple', { orders: { 0: 10, 1: 20 }, audit: { 0: 5 } })))).toEqual([NONE, NONE, NONE]);
    const fetched = coordinator.fetchOffsets('simple', [{ name: 'orders', partitionIndexes: [0, 1, 2] }, { name: 'unknown', partitionIndexes: [0] }]);
    expect(fetched).toEqual({
      errorCode: NONE,
      topics: [
        {
          name: 'orders',
          partitions: [
            { partitionIndex: 0, committedOffset: 10n, committedLeaderEpoch: 3, metadata: 'meta-orders-0', errorCode: NONE },
            { partitionIndex: 1, committedOffset: 20n, committedLeaderEpoch: 3, metadata: 'meta-orders-1', errorCode: NONE },
            { partitionIndex: 2, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: NONE },
          ],
        },
        { name: 'unknown', partitions: [{ partitionIndex: 0, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: NONE }] },
      ],
    });
    const all = coordinator.fetchOffsets('simple', null);
    expect(all.topics.map((t) => [t.name, t.partitions.map((p) => p.committedOffset)])).toEqual([['orders', [10n, 20n]], ['audit', [5n]]]);
    expect(coordinator.fetchOffsets('no-such-group', null)).toEqual({ errorCode: NONE, topics: [] });
  });

  it('a generation -1 commit creates an Empty group that ListGroups shows', async () => {
    await coordinator.commitOffsets(commit('created-by-commit', { t: { 0: 1 } }));
    expect(coordinator.listGroups().groups).toEqual([{ groupId: 'created-by-commit', protocolType: '', groupState: 'Empty' }]);
  });

  it('members of a managed group must commit in the current generation', async () => {
    const { joined } = await formGroup(coordinator, 'managed', 2);
    const [a, b] = joined;
    const good = await coordinator.commitOffsets(commit('managed', { t: { 0: 1 } }, { generationId: 1, memberId: a.memberId }));
    expect(errorsOf(good)).toEqual([NONE]);
    expect(errorsOf(await coordinator.commitOffsets(commit('managed', { t: { 0: 2 } }, { generationId: 0, memberId: a.memberId })))).toEqual([ErrorCode.ILLEGAL_GENERATION.code]);
    expect(errorsOf(await coordinator.commitOffsets(commit('managed', { t: { 0: 2 } }, { generationId: 1, memberId: 'stranger' })))).toEqual([ErrorCode.UNKNOWN_MEMBER_ID.code]);
    // A "simple" commit into a group with members is refused.
    expect(errorsOf(await coordinator.commitOffsets(commit('managed', { t: { 0: 2 } })))).toEqual([ErrorCode.UNKNOWN_MEMBER_ID.code]);
    expect(errorsOf(await coordinator.commitOffsets(commit('gone', { t: { 0: 2 } }, { generationId: 3, memberId: 'x' })))).toEqual([ErrorCode.ILLEGAL_GENERATION.code]);

    // During a rebalance's join phase commits still work; between join and sync they do not.
    void coordinator.joinGroup(joinRequest('managed', { clientId: 'newcomer' }));
    await tick();
    expect(errorsOf(await coordinator.commitOffsets(commit('managed', { t: { 0: 3 } }, { generationId: 1, memberId: b.memberId })))).toEqual([NONE]);
    const rejoined = await joinAll(coordinator, [joinRequest('managed', { memberId: a.memberId }), joinRequest('managed', { memberId: b.memberId })]);
    expect(errorsOf(await coordinator.commitOffsets(commit('managed', { t: { 0: 4 } }, { generationId: 2, memberId: rejoined[0].memberId })))).toEqual([
      ErrorCode.REBALANCE_IN_PROGRESS.code,
    ]);
    expect(coordinator.fetchOffsets('managed', null).topics[0].partitions[0].committedOffset).toBe(3n);
  });

  it('refuses metadata longer than offset.metadata.max.bytes, per partition', async () => {
    const request = commit('meta', { t: { 0: 1, 1: 2 } });
    const topics = [{ ...request.topics[0], partitions: [request.topics[0].partitions[0], { ...request.topics[0].partitions[1], committedMetadata: 'x'.repeat(4097) }] }];
    expect(errorsOf(await coordinator.commitOffsets({ ...request, topics }))).toEqual([NONE, ErrorCode.OFFSET_METADATA_TOO_LARGE.code]);
    expect(coordinator.fetchOffsets('meta', [{ name: 't', partitionIndexes: [0, 1] }]).topics[0].partitions.map((p) => p.committedOffset)).toEqual([1n, -1n]);
    const atLimit = { ...request, topics: [{ name: 't', partitions: [{ ...request.topics[0].partitions[1], committedMetadata: 'x'.repeat(4096) }] }] };
    expect(errorsOf(await coordinator.commitOffsets(atLimit))).toEqual([NONE]);
  });

  it('answers only after the append, and a failed append makes nothing visible', async () => {
    log.failAppends = 1;
    const failed = await coordinator.commitOffsets(commit('flaky', { t: { 0: 7 } }));
    expect(errorsOf(failed)).toEqual([ErrorCode.NOT_COORDINATOR.code]);
    expect(coordinator.fetchOffsets('flaky', null).topics).toEqual([]);
    const appendsBefore = log.appends;
    expect(errorsOf(await coordinator.commitOffsets(commit('flaky', { t: { 0: 8 } })))).toEqual([NONE]);
    expect(log.appends).toBe(appendsBefore + 1);
    expect(coordinator.fetchOffsets('flaky', null).topics[0].partitions[0].committedOffset).toBe(8n);
  });

  it('writes one batch per commit to the group\'s __consumer_offsets partition', async () => {
    await coordinator.commitOffsets(commit('placed', { a: { 0: 1, 1: 2 } }));
    const partition = coordinator.partitionFor('placed');
    expect(log.partitions[partition]).toHaveLength(1);
    expect(log.partitions.filter((p) => p.length > 0)).toHaveLength(1);
  });
});

describe('deleting offsets and groups', () => {
  it('OffsetDelete removes offsets of an Empty group and writes tombstones', async () => {
    await coordinator.commitOffsets(commit('od', { t: { 0: 1, 1: 2 } }));
    const result = await coordinator.deleteOffsets('od', [{ name: 't', partitions: [{ partitionIndex: 0 }] }]);
    expect(result).toEqual({ errorCode: NONE, topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: NONE }] }] });
    expect(coordinator.fetchOffsets('od', null).topics[0].partitions.map((p) => p.partitionIndex)).toEqual([1]);
    expect(log.records().at(-1)).toEqual({ kind: 'offset', key: { group: 'od', topic: 't', partition: 0 }, value: null });
    expect((await coordinator.deleteOffsets('nope', [])).errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND.code);
  });

  it('OffsetDelete refuses topics an active consumer group subscribes to', async () => {
    const { joined } = await formGroup(coordinator, 'busy', 1, { protocols: [{ name: 'range', metadata: subscription('orders') }] });
    await coordinator.commitOffsets(commit('busy', { orders: { 0: 1 }, old: { 0: 1 } }, { generationId: 1, memberId: joined[0].memberId }));
    const result = await coordinator.deleteOffsets('busy', [
      { name: 'orders', partitions: [{ partitionIndex: 0 }] },
      { name: 'old', partitions: [{ partitionIndex: 0 }] },
    ]);
    expect(result.topics.map((t) => t.partitions[0].errorCode)).toEqual([ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC.code, NONE]);
    expect(coordinator.fetchOffsets('busy', null).topics.map((t) => t.name)).toEqual(['orders']);
  });

  it('OffsetDelete on a busy non-consumer group is NON_EMPTY_GROUP', async () => {
    await formGroup(coordinator, 'workers', 1, { protocolType: 'connect' });
    expect((await coordinator.deleteOffsets('workers', [{ name: 't', partitions: [{ partitionIndex: 0 }] }])).errorCode).toBe(ErrorCode.NON_EMPTY_GROUP.code);
  });

  it('DeleteGroups removes Empty groups with their offsets, refuses busy ones, reports unknown ones', async () => {
    await coordinator.commitOffsets(commit('idle', { t: { 0: 1 } }));
    await formGroup(coordinator, 'active', 1);
    const results = await coordinator.deleteGroups(['idle', 'active', 'never']);
    expect(results).toEqual([
      { groupId: 'idle', errorCode: NONE },
      { groupId: 'active', errorCode: ErrorCode.NON_EMPTY_GROUP.code },
      { groupId: 'never', errorCode: ErrorCode.GROUP_ID_NOT_FOUND.code },
    ]);
    expect(coordinator.listGroups().groups.map((g) => g.groupId)).toEqual(['active']);
    expect(coordinator.fetchOffsets('idle', null).topics).toEqual([]);
    expect(coordinator.describeGroups(['idle'])[0].groupState).toBe('Dead');
    const idleRecords = log.records().filter((r) => (r.kind === 'offset' ? r.key.group : r.kind === 'group' ? r.groupId : '') === 'idle');
    expect(idleRecords.slice(-2)).toEqual([
      { kind: 'offset', key: { group: 'idle', topic: 't', partition: 0 }, value: null },
      { kind: 'group', groupId: 'idle', value: null },
    ]);
  });
});

describe('listing', () => {
  it('ListGroups filters by state case-insensitively', async () => {
    await coordinator.commitOffsets(commit('e1', { t: { 0: 1 } }));
    await formGroup(coordinator, 's1', 1);
    expect(coordinator.listGroups(['stable']).groups).toEqual([{ groupId: 's1', protocolType: 'consumer', groupState: 'Stable' }]);
    expect(coordinator.listGroups(['Empty', 'STABLE']).groups.map((g) => g.groupId).sort()).toEqual(['e1', 's1']);
    expect(coordinator.listGroups(['Dead']).groups).toEqual([]);
  });
});
