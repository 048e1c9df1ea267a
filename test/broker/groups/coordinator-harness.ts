/**
 * Drives a GroupCoordinator the way a client would, for the state-machine tests: fake timers (vitest's,
 * which also fake Date) so sessions and rebalance timeouts pass instantly.
 */
import { vi } from 'vitest';
import { GroupCoordinator } from '../../../broker/groups/group-coordinator.ts';
import type { GroupCoordinatorOptions } from '../../../broker/groups/coordinator-options.ts';
import type { GroupProtocol, JoinGroupRequest, JoinGroupResult, SyncGroupResult } from '../../../broker/groups/group-requests.ts';
import { ErrorCode } from '../../../broker/protocol/error-codes.ts';
import { Writer } from '../../../broker/protocol/primitives/writer.ts';
import { MemoryCoordinatorLog } from './memory-coordinator-log.ts';

export const NONE = ErrorCode.NONE.code;

export async function startCoordinator(
  options: Partial<GroupCoordinatorOptions> = {},
  log = new MemoryCoordinatorLog(),
): Promise<{ coordinator: GroupCoordinator; log: MemoryCoordinatorLog }> {
  const coordinator = new GroupCoordinator(log, {
    initialRebalanceDelayMs: 0,
    minSessionTimeoutMs: 10,
    offsetsTopicPartitions: 4,
    now: () => Date.now(),
    ...options,
  });
  await coordinator.start();
  return { coordinator, log };
}

/** ConsumerProtocolSubscription v0 for the topics (what Java/kafkajs consumers send). */
export function subscription(...topics: string[]): Buffer {
  const w = new Writer();
  w.int16(0).arrayLength(topics.length, false);
  for (const t of topics) w.string(t, false);
  w.bytes(null, false);
  return w.toBuffer();
}

export function protocols(...names: string[]): GroupProtocol[] {
  return names.map((name) => ({ name, metadata: Buffer.from(`${name}-meta`) }));
}

export function joinRequest(groupId: string, overrides: Partial<JoinGroupRequest> = {}): JoinGroupRequest {
  return {
    groupId,
    memberId: '',
    groupInstanceId: null,
    clientId: 'client',
    clientHost: '/127.0.0.1',
    sessionTimeoutMs: 1000,
    rebalanceTimeoutMs: 2000,
    protocolType: 'consumer',
    protocols: protocols('range'),
    requireKnownMemberId: false,
    supportsSkipAssignment: false,
    ...overrides,
  };
}

/** Lets parked promises and due timers run; `ms` advances the fake clock (or waits, with real timers). */
export async function tick(ms = 0): Promise<void> {
  if (vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(ms);
  else await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts joins together and waits until the rebalance answers all of them. */
export async function joinAll(coordinator: GroupCoordinator, requests: JoinGroupRequest[], waitMs = 0): Promise<JoinGroupResult[]> {
  const pending = requests.map((r) => Promise.resolve(coordinator.joinGroup(r)));
  await tick(waitMs);
  return Promise.all(pending);
}

/** A settled-or-not probe for a promise, to assert that something is still waiting. */
export function track<T>(promise: T | Promise<T>): { readonly settled: boolean; readonly value: T | undefined } {
  const state = { settled: false, value: undefined as T | undefined };
  void Promise.resolve(promise).then((v) => {
    state.settled = true;
    state.value = v;
  });
  return state;
}

/** The leader's assignment: each member gets its own id as bytes. */
export function assignEveryone(leader: JoinGroupResult): { memberId: string; assignment: Buffer }[] {
  return leader.members.map((m) => ({ memberId: m.memberId, assignment: Buffer.from(`for-${m.memberId}`) }));
}

export function syncRequest(groupId: string, joined: JoinGroupResult, assignments: { memberId: string; assignment: Buffer }[] = []) {
  return {
    groupId,
    generationId: joined.generationId,
    memberId: joined.memberId,
    groupInstanceId: null,
    protocolType: null,
    protocolName: null,
    assignments,
  };
}

/** Joins `count` fresh members and completes the rebalance; returns their join answers and assignments. */
export async function formGroup(
  coordinator: GroupCoordinator,
  groupId: string,
  count: number,
  overrides: Partial<JoinGroupRequest> = {},
): Promise<{ joined: JoinGroupResult[]; synced: SyncGroupResult[] }> {
  const joined = await joinAll(
    coordinator,
    Array.from({ length: count }, (_, i) => joinRequest(groupId, { clientId: `c${i}`, ...overrides })),
  );
  const leader = joined.find((j) => j.members.length > 0)!;
  const synced = await Promise.all(
    joined.map((j) => coordinator.syncGroup(syncRequest(groupId, j, j === leader ? assignEveryone(leader) : []))),
  );
  return { joined, synced };
}

export function heartbeatOf(coordinator: GroupCoordinator, groupId: string, joined: JoinGroupResult): number {
  return coordinator.heartbeat({ groupId, generationId: joined.generationId, memberId: joined.memberId, groupInstanceId: null });
}
