/**
 * The group API handlers through the real dispatcher: requests encoded at each advertised version,
 * decoded, handled, and the answers encoded and decoded back, so version-specific fields and defaults
 * are exercised end to end (without sockets).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupHandlers } from '../../../broker/groups/group-handlers.ts';
import { GroupCoordinator } from '../../../broker/groups/group-coordinator.ts';
import { apiByKey } from '../../../broker/protocol/messages/index.ts';
import { decodeResponse, encodeRequest } from '../../../broker/protocol/message-codec.ts';
import type { Message } from '../../../broker/protocol/schema/codec.ts';
import { ErrorCode } from '../../../broker/protocol/error-codes.ts';
import { Dispatcher } from '../../../broker/server/dispatcher.ts';
import { ApiKey } from '../../../broker/server/supported-apis.ts';
import { MemoryCoordinatorLog } from './memory-coordinator-log.ts';

const NONE = 0;
let coordinator: GroupCoordinator;
let dispatcher: Dispatcher;
let correlationId = 0;

beforeAll(async () => {
  coordinator = new GroupCoordinator(new MemoryCoordinatorLog(), { initialRebalanceDelayMs: 0, minSessionTimeoutMs: 10 });
  await coordinator.start();
  dispatcher = new Dispatcher(groupHandlers({ coordinator, self: () => ({ nodeId: 7, host: 'broker.test', port: 9092 }) }));
});

afterAll(() => coordinator.close());

async function call(apiKey: number, version: number, body: Message): Promise<Message> {
  const api = apiByKey(apiKey)!;
  const id = ++correlationId;
  const frame = Buffer.concat(encodeRequest(api, { apiVersion: version, correlationId: id, clientId: 'handler-test' }, body));
  const result = await dispatcher.dispatch(frame, { clientAddress: '127.0.0.1:50000', signal: new AbortController().signal });
  const decoded = decodeResponse(api, version, Buffer.concat(result.response!));
  expect(decoded.correlationId).toBe(id);
  return decoded.body;
}

const protocolsOf = (name = 'range') => [{ name, metadata: Buffer.from('meta') }];

/** JoinGroup + SyncGroup for one member at `version`; handles MEMBER_ID_REQUIRED like a client. */
async function joinAndSync(groupId: string, version: number, syncVersion: number): Promise<Message> {
  const join = (memberId: string) =>
    call(ApiKey.JoinGroup, version, { groupId, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId, protocolType: 'consumer', protocols: protocolsOf() });
  let joined = await join('');
  if (joined.errorCode === ErrorCode.MEMBER_ID_REQUIRED.code) joined = await join(joined.memberId);
  expect(joined.errorCode).toBe(NONE);
  const synced = await call(ApiKey.SyncGroup, syncVersion, {
    groupId,
    generationId: joined.generationId,
    memberId: joined.memberId,
    protocolType: 'consumer',
    protocolName: 'range',
    assignments: [{ memberId: joined.memberId, assignment: Buffer.from('mine') }],
  });
  expect(synced.errorCode).toBe(NONE);
  expect(synced.assignment).toEqual(Buffer.from('mine'));
  return joined;
}

describe('advertised ranges', () => {
  it('match the issue: FindCoordinator 0-4, JoinGroup 0-9, SyncGroup 0-5, Heartbeat 0-4, LeaveGroup 0-5, DescribeGroups 0-5, ListGroups 0-4, DeleteGroups 0-2, OffsetCommit 0-9, OffsetFetch 0-9, OffsetDelete 0', () => {
    expect(dispatcher.advertised().map((a) => [a.apiKey, a.minVersion, a.maxVersion])).toEqual([
      [8, 0, 9],
      [9, 0, 9],
      [10, 0, 4],
      [11, 0, 9],
      [12, 0, 4],
      [13, 0, 5],
      [14, 0, 5],
      [15, 0, 5],
      [16, 0, 4],
      [42, 0, 2],
      [47, 0, 0],
    ]);
  });
});

describe('FindCoordinator', () => {
  it.each([0, 1, 2, 3])('v%i answers this broker', async (v) => {
    const res = await call(ApiKey.FindCoordinator, v, { key: 'any-group', keyType: 0 });
    expect(res).toMatchObject({ errorCode: NONE, nodeId: 7, host: 'broker.test', port: 9092 });
  });

  it('v4 answers each key of the batch; non-group keys are refused', async () => {
    const res = await call(ApiKey.FindCoordinator, 4, { keyType: 0, coordinatorKeys: ['a', 'b'] });
    expect(res.coordinators).toEqual([
      { key: 'a', nodeId: 7, host: 'broker.test', port: 9092, errorCode: NONE, errorMessage: null },
      { key: 'b', nodeId: 7, host: 'broker.test', port: 9092, errorCode: NONE, errorMessage: null },
    ]);
    const txn = await call(ApiKey.FindCoordinator, 1, { key: 'tx', keyType: 1 });
    expect(txn.errorCode).toBe(ErrorCode.INVALID_REQUEST.code);
  });
});

describe('JoinGroup/SyncGroup/Heartbeat/LeaveGroup at every version', () => {
  for (let v = 0; v <= 9; v++) {
    it(`JoinGroup v${v}`, async () => {
      const groupId = `join-v${v}`;
      const first = await call(ApiKey.JoinGroup, v, { groupId, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId: '', protocolType: 'consumer', protocols: protocolsOf() });
      if (v >= 4) {
        expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED.code);
        expect(first.memberId).toMatch(/^handler-test-/);
      } else {
        expect(first.errorCode).toBe(NONE);
      }
      const joined = v >= 4 ? await call(ApiKey.JoinGroup, v, { groupId, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId: first.memberId, protocolType: 'consumer', protocols: protocolsOf() }) : first;
      expect(joined).toMatchObject({ errorCode: NONE, generationId: 1, protocolName: 'range', leader: joined.memberId });
      expect(joined.members).toHaveLength(1);
      if (v >= 7) expect(joined.protocolType).toBe('consumer');
      const described = await call(ApiKey.DescribeGroups, 0, { groups: [groupId] });
      expect(described.groups[0].members[0]).toMatchObject({ clientId: 'handler-test', clientHost: '/127.0.0.1' });
    });
  }

  for (let v = 0; v <= 5; v++) {
    it(`SyncGroup v${v}, Heartbeat and LeaveGroup`, async () => {
      const groupId = `sync-v${v}`;
      const joined = await joinAndSync(groupId, 5, v);
      const hbVersion = Math.min(v, 4);
      const hb = await call(ApiKey.Heartbeat, hbVersion, { groupId, generationId: joined.generationId, memberId: joined.memberId });
      expect(hb.errorCode).toBe(NONE);
      const leave = v >= 3
        ? await call(ApiKey.LeaveGroup, v, { groupId, members: [{ memberId: joined.memberId }, { memberId: 'ghost' }] })
        : await call(ApiKey.LeaveGroup, v, { groupId, memberId: joined.memberId });
      expect(leave.errorCode).toBe(NONE);
      if (v >= 3) expect(leave.members.map((m: Message) => m.errorCode)).toEqual([NONE, ErrorCode.UNKNOWN_MEMBER_ID.code]);
      const again = await call(ApiKey.Heartbeat, hbVersion, { groupId, generationId: joined.generationId, memberId: joined.memberId });
      expect(again.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID.code);
    });
  }

  it('LeaveGroup v0 carries the member error as the response error', async () => {
    const res = await call(ApiKey.LeaveGroup, 0, { groupId: 'no-such', memberId: 'ghost' });
    expect(res.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID.code);
  });
});

describe('offsets at every version', () => {
  for (let v = 0; v <= 9; v++) {
    it(`OffsetCommit v${v} then OffsetFetch v${v}`, async () => {
      const groupId = `offsets-v${v}`;
      const commit = await call(ApiKey.OffsetCommit, v, {
        groupId,
        generationIdOrMemberEpoch: -1,
        memberId: '',
        retentionTimeMs: -1n,
        topics: [{ name: 'orders', partitions: [{ partitionIndex: 2, committedOffset: 40n + BigInt(v), committedLeaderEpoch: 1, commitTimestamp: -1n, committedMetadata: null }] }],
      });
      expect(commit.topics).toEqual([{ name: 'orders', partitions: [{ partitionIndex: 2, errorCode: NONE }] }]);

      if (v >= 8) {
        const fetched = await call(ApiKey.OffsetFetch, v, { groups: [{ groupId, topics: null }, { groupId: 'empty-one', topics: [{ name: 'orders', partitionIndexes: [0] }] }], requireStable: true });
        expect(fetched.groups).toEqual([
          { groupId, errorCode: NONE, topics: [{ name: 'orders', partitions: [{ partitionIndex: 2, committedOffset: 40n + BigInt(v), committedLeaderEpoch: v >= 6 ? 1 : -1, metadata: '', errorCode: NONE }] }] },
          { groupId: 'empty-one', errorCode: NONE, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: NONE }] }] },
        ]);
      } else {
        const fetched = await call(ApiKey.OffsetFetch, v, { groupId, topics: [{ name: 'orders', partitionIndexes: [2, 3] }], requireStable: true });
        expect(fetched.topics[0].partitions.map((p: Message) => p.committedOffset)).toEqual([40n + BigInt(v), -1n]);
        if (v >= 5) expect(fetched.topics[0].partitions[0].committedLeaderEpoch).toBe(v >= 6 ? 1 : -1);
        if (v >= 2) {
          const all = await call(ApiKey.OffsetFetch, v, { groupId, topics: null });
          expect(all.topics.map((t: Message) => t.name)).toEqual(['orders']);
        }
      }
    });
  }

  it('OffsetCommit v1 with a generation validates the member', async () => {
    const res = await call(ApiKey.OffsetCommit, 1, {
      groupId: 'managed-v1',
      generationIdOrMemberEpoch: 5,
      memberId: 'someone',
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 1n, commitTimestamp: -1n, committedMetadata: '' }] }],
    });
    expect(res.topics[0].partitions[0].errorCode).toBe(ErrorCode.ILLEGAL_GENERATION.code);
  });

  it('OffsetDelete v0 and DeleteGroups v0-2', async () => {
    await call(ApiKey.OffsetCommit, 2, { groupId: 'to-delete', generationIdOrMemberEpoch: -1, memberId: '', retentionTimeMs: -1n, topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedMetadata: '' }, { partitionIndex: 1, committedOffset: 1n, committedMetadata: '' }] }] });
    const od = await call(ApiKey.OffsetDelete, 0, { groupId: 'to-delete', topics: [{ name: 't', partitions: [{ partitionIndex: 0 }] }] });
    expect(od).toEqual({ errorCode: NONE, throttleTimeMs: 0, topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: NONE }] }] });
    for (const v of [0, 1, 2]) {
      const res = await call(ApiKey.DeleteGroups, v, { groupsNames: v === 0 ? ['to-delete'] : [`absent-${v}`] });
      expect(res.results[0].errorCode).toBe(v === 0 ? NONE : ErrorCode.GROUP_ID_NOT_FOUND.code);
    }
  });
});

describe('DescribeGroups and ListGroups at every version', () => {
  beforeAll(async () => {
    await joinAndSync('described', 9, 5);
  });

  for (let v = 0; v <= 5; v++) {
    it(`DescribeGroups v${v}`, async () => {
      const res = await call(ApiKey.DescribeGroups, v, { groups: ['described', 'unknown'], includeAuthorizedOperations: true });
      expect(res.groups[0]).toMatchObject({ errorCode: NONE, groupId: 'described', groupState: 'Stable', protocolType: 'consumer', protocolData: 'range' });
      expect(res.groups[0].members[0]).toMatchObject({ clientId: 'handler-test', memberMetadata: Buffer.from('meta'), memberAssignment: Buffer.from('mine') });
      expect(res.groups[1]).toMatchObject({ groupId: 'unknown', groupState: 'Dead', members: [] });
      if (v >= 3) expect(res.groups[0].authorizedOperations).toBe(328);
    });
  }

  for (let v = 0; v <= 4; v++) {
    it(`ListGroups v${v}`, async () => {
      const res = await call(ApiKey.ListGroups, v, { statesFilter: ['Stable'] });
      expect(res.errorCode).toBe(NONE);
      const described = res.groups.find((g: Message) => g.groupId === 'described');
      expect(described).toMatchObject({ protocolType: 'consumer' });
      if (v >= 4) {
        expect(res.groups.every((g: Message) => g.groupState === 'Stable')).toBe(true);
      }
    });
  }
});
