import { appendFileSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logConfigWith } from '../../../broker/log/log-config.ts';
import { PartitionLog } from '../../../broker/log/partition-log.ts';
import { makeBatch, offsetsIn } from './make-batch.ts';
import { openLog, tempDir } from './log-fixtures.ts';

const BATCH = () => makeBatch({ records: 3, valueBytes: 40 });
const BATCH_BYTES = BATCH().length;
const configs = { 'index.interval.bytes': BATCH_BYTES * 2, 'segment.bytes': BATCH_BYTES * 10 };

function file(dir: string, base: number, suffix: string): string {
  return join(dir, String(base).padStart(20, '0') + suffix);
}

async function logWithBatches(dir: string, batches: number): Promise<Buffer> {
  const log = await openLog(dir, { configs });
  for (let i = 0; i < batches; i++) log.append(BATCH());
  const all = log.read(0, 1 << 20).records;
  await log.close();
  return all;
}

function allOffsets(log: PartitionLog): number[] {
  return offsetsIn(log.read(log.logStartOffset, 1 << 20).records);
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('recovery', () => {
  it('cuts a batch torn mid-write and continues appending after the last whole batch', async () => {
    const dir = tempDir();
    const before = await logWithBatches(dir, 6);
    truncateSync(file(dir, 0, '.log'), BATCH_BYTES * 6 - 10);
    const log = await openLog(dir, { configs });
    expect(log.recovery.truncatedBytes).toBe(BATCH_BYTES - 10);
    expect(log.logEndOffset).toBe(15);
    expect(log.read(0, 1 << 20).records.equals(before.subarray(0, BATCH_BYTES * 5))).toBe(true);
    expect(log.append(BATCH()).baseOffset).toBe(15);
    expect(allOffsets(log)).toEqual(range(0, 18));
  });

  it('rebuilds indexes that point past a log cut deep into its data', async () => {
    const dir = tempDir();
    await logWithBatches(dir, 8);
    truncateSync(file(dir, 0, '.log'), BATCH_BYTES * 2 + 5);
    const log = await openLog(dir, { configs });
    expect(log.recovery.rebuiltIndexes).toBe(1);
    expect(log.logEndOffset).toBe(6);
    expect(allOffsets(log)).toEqual(range(0, 6));
    expect(offsetsIn(log.read(4, 1000).records)).toEqual([3, 4, 5]);
  });

  it('drops a tail whose CRC does not match, after an unclean and after a clean shutdown', async () => {
    for (const cleanShutdown of [false, true]) {
      const dir = tempDir();
      await logWithBatches(dir, 5);
      const path = file(dir, 0, '.log');
      const bytes = readFileSync(path);
      bytes[BATCH_BYTES * 4 + 70] ^= 0xff; // inside the last batch's records
      writeFileSync(path, bytes);
      const log = await openLog(dir, { configs, cleanShutdown });
      expect(log.logEndOffset).toBe(12);
      expect(allOffsets(log)).toEqual(range(0, 12));
    }
  });

  it('drops trailing garbage such as zero-filled pages', async () => {
    const dir = tempDir();
    await logWithBatches(dir, 3);
    appendFileSync(file(dir, 0, '.log'), Buffer.alloc(4096));
    const log = await openLog(dir, { configs });
    expect(log.recovery.truncatedBytes).toBe(4096);
    expect(statSync(file(dir, 0, '.log')).size).toBe(BATCH_BYTES * 3);
    expect(log.append(BATCH()).baseOffset).toBe(9);
  });

  it('rebuilds deleted indexes and reads stay correct', async () => {
    const dir = tempDir();
    const before = await logWithBatches(dir, 25); // three segments
    for (const name of readdirSync(dir)) {
      if (name.endsWith('.index') || name.endsWith('.timeindex')) rmSync(join(dir, name));
    }
    const log = await openLog(dir, { configs, cleanShutdown: true });
    expect(log.segmentBaseOffsets).toEqual([0, 30, 60]);
    expect(log.recovery.rebuiltIndexes).toBe(3);
    expect(log.read(0, 1 << 20).records.equals(before)).toBe(true);
    for (const offset of [0, 29, 30, 44, 61, 74]) expect(offsetsIn(log.read(offset, 1).records)).toContain(offset);
    expect(statSync(file(dir, 0, '.index')).size).toBeGreaterThan(0);
  });

  it('rebuilds a corrupted index (bad size, out of order, pointing past the end)', async () => {
    const corruptions: ((path: string) => void)[] = [
      (path) => appendFileSync(path, Buffer.from([1, 2, 3])),
      (path) => writeFileSync(path, Buffer.from([0, 0, 0, 9, 0, 0, 1, 0, 0, 0, 0, 4, 0, 0, 2, 0])),
      (path) => writeFileSync(path, Buffer.from([0, 0, 0, 3, 0x10, 0, 0, 0])),
    ];
    for (const corrupt of corruptions) {
      const dir = tempDir();
      const before = await logWithBatches(dir, 8);
      corrupt(file(dir, 0, '.index'));
      const log = await openLog(dir, { configs, cleanShutdown: true });
      expect(log.recovery.rebuiltIndexes).toBe(1);
      expect(log.read(0, 1 << 20).records.equals(before)).toBe(true);
      for (let offset = 0; offset < 24; offset++) expect(offsetsIn(log.read(offset, 1).records)).toContain(offset);
    }
  });

  it('treats a torn closed segment as the end of the log', async () => {
    const dir = tempDir();
    await logWithBatches(dir, 25);
    truncateSync(file(dir, 30, '.log'), BATCH_BYTES * 4 + 1);
    const log = await openLog(dir, { configs });
    expect(log.segmentBaseOffsets).toEqual([0, 30]);
    expect(log.logEndOffset).toBe(42);
    expect(allOffsets(log)).toEqual(range(0, 42));
    expect(log.append(BATCH()).baseOffset).toBe(42);
  });

  it('recovers what a killed process left in the page cache, whose indexes never reached disk', async () => {
    const dir = tempDir();
    const config = logConfigWith({ ...configs, 'flush.ms': 1_000_000 });
    const killed = await PartitionLog.open({ dir, topic: 't', partition: 0, config });
    for (let i = 0; i < 25; i++) killed.append(BATCH());
    const before = killed.read(0, 1 << 20).records;
    // `killed` is never closed, as if the process died: nothing was flushed.
    const log = await openLog(dir, { configs });
    expect(log.recovery.truncatedBytes).toBe(0);
    expect(log.read(0, 1 << 20).records.equals(before)).toBe(true);
    expect(log.append(BATCH()).baseOffset).toBe(75);
  });
});
