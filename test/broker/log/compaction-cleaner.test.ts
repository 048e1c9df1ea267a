import { existsSync, openSync, readFileSync, readSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLEANER_CHECKPOINT_FILE } from '../../../broker/log/cleaner-checkpoint.ts';
import { LogManager, type LogManagerOptions } from '../../../broker/log/log-manager.ts';
import { segmentPaths } from '../../../broker/log/segment-files.ts';
import { appendUpdates, expectedAfterCompaction, readAll } from './compaction-fixtures.ts';
import { TestClock, tempDir } from './log-fixtures.ts';

const COMPACTED = { 'cleanup.policy': 'compact', 'segment.bytes': 2048 };
const managers: LogManager[] = [];

afterEach(async () => {
  for (const manager of managers.splice(0)) await manager.close();
});

async function openManager(options: LogManagerOptions): Promise<LogManager> {
  const manager = await LogManager.open(options);
  managers.push(manager);
  return manager;
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the log cleaner of a LogManager', () => {
  it('compacts compacted topics every log.cleaner.backoff.ms once started, and stops on close', async () => {
    const clock = new TestClock();
    const manager = await openManager({ dataDir: tempDir(), now: clock.now, cleanerBackoffMs: 20 });
    await manager.createTopic('table', { numPartitions: 2, configs: COMPACTED });
    await manager.createTopic('stream', { configs: { 'segment.bytes': 2048 } });
    for (const log of [manager.partition('table', 0), manager.partition('table', 1), manager.partition('stream', 0)]) {
      appendUpdates(log, { keys: 10, rounds: 20, clock });
    }
    const expected = [0, 1].map((p) => {
      const log = manager.partition('table', p);
      return expectedAfterCompaction(readAll(log).records, log.segmentBaseOffsets.at(-1)!);
    });
    const streamBefore = readAll(manager.partition('stream', 0)).records;
    manager.start();
    await waitFor(() => [0, 1].every((p) => readAll(manager.partition('table', p)).records.length === expected[p].length));
    expect(readAll(manager.partition('table', 0)).records).toEqual(expected[0]);
    expect(readAll(manager.partition('table', 1)).records).toEqual(expected[1]);
    expect(readAll(manager.partition('stream', 0)).records).toEqual(streamBefore);
    await manager.close();
  });

  it('runs on demand, keeps its checkpoint across restarts, and only cleans what is due', async () => {
    const clock = new TestClock();
    const dataDir = tempDir();
    const manager = await openManager({ dataDir, now: clock.now });
    await manager.createTopic('table', { configs: COMPACTED });
    await manager.createTopic('stream');
    appendUpdates(manager.partition('table', 0), { keys: 10, rounds: 20, clock });
    const activeBase = manager.partition('table', 0).segmentBaseOffsets.at(-1)!;

    const passes = await manager.runCompaction();
    expect(passes).toEqual([{ topic: 'table', partition: 0, result: expect.objectContaining({ trigger: 'dirty-ratio', firstDirtyOffset: activeBase }) }]);
    expect(await manager.compactPartition('stream', 0)).toBeNull();
    await expect(manager.compactPartition('nope', 0)).rejects.toMatchObject({ error: { name: 'UNKNOWN_TOPIC_OR_PARTITION' } });
    const checkpoint = JSON.parse(readFileSync(join(dataDir, 'table-0', CLEANER_CHECKPOINT_FILE), 'utf8'));
    expect(checkpoint).toEqual({ firstDirtyOffset: activeBase, deleteHorizonMs: -1 });
    await manager.close();

    const reopened = await openManager({ dataDir, now: clock.now });
    expect(await reopened.runCompaction()).toEqual([]);
    expect(await reopened.compactPartition('table', 0)).toMatchObject({ trigger: null, firstDirtyOffset: activeBase });
  });

  it('leaves a partition it cannot clean alone until restart, warning once, and keeps it online', async () => {
    const clock = new TestClock();
    const dataDir = tempDir();
    const manager = await openManager({ dataDir, now: clock.now });
    await manager.createTopic('table', { configs: COMPACTED });
    const log = manager.partition('table', 0);
    appendUpdates(log, { keys: 10, rounds: 20, clock });
    const bases = log.segmentBaseOffsets;
    corruptLastByte(segmentPaths(join(dataDir, 'table-0'), bases[1]).log);
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      expect(await manager.runCompaction()).toEqual([]);
      expect(await manager.runCompaction()).toEqual([]);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    const cleanerWarnings = warnings.filter((warning) => (warning as { code?: string }).code === 'SLUICE_LOG_CLEANER');
    expect(cleanerWarnings).toHaveLength(1);
    expect(cleanerWarnings[0].message).toMatch(/compaction of table-0 aborted: .*CRC/);
    expect(log.isOffline).toBe(false);
    expect(log.segmentBaseOffsets).toEqual(bases);
    expect(readdirCleaned(join(dataDir, 'table-0'))).toBe(false);
    expect(log.read(bases[2], 1 << 20).records.length).toBeGreaterThan(0);
  });

  it('lets a topic be deleted while its partition is being compacted', async () => {
    const clock = new TestClock();
    const dataDir = tempDir();
    const manager = await openManager({ dataDir, now: clock.now });
    await manager.createTopic('table', { configs: COMPACTED });
    appendUpdates(manager.partition('table', 0), { keys: 10, rounds: 20, clock });
    const pass = manager.compactPartition('table', 0);
    await manager.deleteTopic('table');
    expect(await pass).toMatchObject({ trigger: 'dirty-ratio' });
    expect(existsSync(join(dataDir, 'table-0'))).toBe(false);
  });
});

function corruptLastByte(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    const size = readSync(fd, Buffer.alloc(1 << 20), 0, 1 << 20, 0);
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, size - 1);
    byte[0] ^= 0xff;
    writeSync(fd, byte, 0, 1, size - 1);
  } finally {
    closeSync(fd);
  }
}

function readdirCleaned(dir: string): boolean {
  return existsSync(join(dir, `${'0'.repeat(20)}.log.cleaned`));
}
