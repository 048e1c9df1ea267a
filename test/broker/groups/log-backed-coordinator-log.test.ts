// The coordinator over the broker's real partition logs: offsets and groups survive a reopen of the data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OFFSETS_TOPIC } from '../../../broker/groups/coordinator-log.ts';
import { GroupCoordinator } from '../../../broker/groups/group-coordinator.ts';
import { logBackedCoordinatorLog } from '../../../broker/groups/log-backed-coordinator-log.ts';
import { LogManager } from '../../../broker/log/log-manager.ts';
import { formGroup } from './coordinator-harness.ts';

const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function open(dataDir: string): Promise<{ logs: LogManager; coordinator: GroupCoordinator }> {
  const logs = await LogManager.open({ dataDir });
  const coordinator = new GroupCoordinator(logBackedCoordinatorLog(logs), { offsetsTopicPartitions: 5, initialRebalanceDelayMs: 0, minSessionTimeoutMs: 10 });
  await coordinator.start();
  return { logs, coordinator };
}

describe('CoordinatorLog over LogManager', () => {
  it('creates a compacted __consumer_offsets and reloads offsets and groups after a reopen', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-groups-'));
    dirs.push(dataDir);
    const first = await open(dataDir);
    expect(first.logs.getTopic(OFFSETS_TOPIC)).toMatchObject({ partitions: 5, configOverrides: { 'cleanup.policy': 'compact' } });
    await formGroup(first.coordinator, 'with-members', 2);
    // Many batches in one partition: replay must walk them all, last one wins.
    for (let i = 0; i < 50; i++) {
      const result = await first.coordinator.commitOffsets({
        groupId: 'plain',
        generationId: -1,
        memberId: '',
        groupInstanceId: null,
        retentionTimeMs: -1,
        topics: [{ name: 'orders', partitions: [0, 1, 2].map((p) => ({ partitionIndex: p, committedOffset: BigInt(i * 10 + p), committedLeaderEpoch: 0, commitTimestamp: -1, committedMetadata: `i=${i}` })) }],
      });
      expect(result[0].partitions.every((p) => p.errorCode === 0)).toBe(true);
    }
    first.coordinator.close();
    await first.logs.close();

    const second = await open(dataDir);
    try {
      const fetched = second.coordinator.fetchOffsets('plain', null);
      expect(fetched.topics[0].partitions.map((p) => [p.committedOffset, p.metadata])).toEqual([
        [490n, 'i=49'],
        [491n, 'i=49'],
        [492n, 'i=49'],
      ]);
      expect(second.coordinator.describeGroups(['with-members'])[0]).toMatchObject({ groupState: 'Stable' });
      expect(second.coordinator.describeGroups(['with-members'])[0].members).toHaveLength(2);
    } finally {
      second.coordinator.close();
      await second.logs.close();
    }
  });
});
