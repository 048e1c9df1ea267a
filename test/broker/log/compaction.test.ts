import { describe, expect, it } from 'vitest';
import { compactLog } from '../../../broker/log/compaction-pass.ts';
import { Attribute } from '../../../broker/protocol/records/batch-header.ts';
import type { PartitionLog } from '../../../broker/log/partition-log.ts';
import {
  appendUpdates,
  decodeStored,
  expectedAfterCompaction,
  expectSameNewestValues,
  keyedBatch,
  readAll,
  type StoredRecord,
} from './compaction-fixtures.ts';
import { TestClock, openLog, tempDir } from './log-fixtures.ts';

const HOUR = 3_600_000;
const CONFIGS = { 'cleanup.policy': 'compact', 'segment.bytes': 2048, 'delete.retention.ms': HOUR };

/** 10 keys updated 20 times, k3 and k7 deleted, then more updates of k0..k2 so the tombstones are in closed segments. */
async function updatedLog(clock: TestClock, configs: Record<string, string | number> = CONFIGS, dir = tempDir()) {
  const log = await openLog(dir, { clock, configs });
  appendUpdates(log, { keys: 10, rounds: 20, clock });
  log.append(keyedBatch([{ key: 'k3', value: null }, { key: 'k7', value: null }], { timestamp: clock.nowMs }));
  appendUpdates(log, { keys: 3, rounds: 12, clock, prefix: 'w' });
  const before = readAll(log).records;
  const activeBase = log.segmentBaseOffsets.at(-1)!;
  expect(Math.max(...before.filter((record) => record.value === null).map((record) => record.offset))).toBeLessThan(activeBase);
  return { log, dir, before, activeBase };
}

describe('log compaction', () => {
  it('keeps the newest record of every key at its original offset', async () => {
    const clock = new TestClock();
    const { log, before, activeBase } = await updatedLog(clock);
    const segmentsBefore = log.segmentBaseOffsets.length;
    const bytesBefore = log.sizeInBytes;
    const logEndOffset = log.logEndOffset;
    expect(segmentsBefore).toBeGreaterThan(6);

    const result = await compactLog(log, { nowMs: clock.nowMs });
    expect(result).toMatchObject({ trigger: 'dirty-ratio', dirtyRatio: 1, firstDirtyOffset: activeBase, segmentsRewritten: segmentsBefore - 1 });
    const after = readAll(log).records;
    expect(after).toEqual(expectedAfterCompaction(before, activeBase));
    expectSameNewestValues(before, after);
    expect(log.logEndOffset).toBe(logEndOffset);
    expect(log.logStartOffset).toBe(0);
    expect(log.sizeInBytes).toBeLessThan(bytesBefore / 3);
    expect(log.segmentBaseOffsets.at(-1)).toBe(activeBase);
    expect(log.segmentBaseOffsets[0]).toBe(0);
  });

  it('merges segments that compaction made small in a later pass', async () => {
    const clock = new TestClock();
    const { log } = await updatedLog(clock);
    await compactLog(log, { nowMs: clock.nowMs });
    const afterFirst = log.segmentBaseOffsets.length;
    appendUpdates(log, { keys: 10, rounds: 8, clock, prefix: 'z' });
    const before = readAll(log).records;
    const activeBase = log.segmentBaseOffsets.at(-1)!;
    expect(await compactLog(log, { nowMs: clock.nowMs })).toMatchObject({ trigger: 'dirty-ratio' });
    expect(readAll(log).records).toEqual(expectedAfterCompaction(before, activeBase));
    expect(log.segmentBaseOffsets.length).toBeLessThan(afterFirst);
    expect(log.segmentBaseOffsets.length).toBeLessThanOrEqual(3);
  });

  it('keeps tombstones for delete.retention.ms after the first pass, and drops them in a later pass', async () => {
    const clock = new TestClock();
    const { log, before, activeBase } = await updatedLog(clock);
    await compactLog(log, { nowMs: clock.nowMs });
    const firstPassAt = clock.nowMs;
    const { batches, records } = readAll(log);
    expect(records.filter((record) => record.value === null).map((record) => record.key)).toEqual(['k3', 'k7']);
    const tombstones = batches.find((batch) => batch.records.some((record) => record.value === null))!;
    expect(tombstones.attributes & Attribute.deleteHorizon).toBe(Attribute.deleteHorizon);
    expect(Number(tombstones.baseTimestamp)).toBe(firstPassAt + HOUR);
    const original = before.filter((record) => record.value === null);
    expect(tombstones.records.map((record) => record.timestamp)).toEqual(original.map((record) => record.timestamp));

    // Nothing dirty and the horizon not reached: no pass.
    clock.advance(HOUR - 1);
    expect(await compactLog(log, { nowMs: clock.nowMs })).toMatchObject({ trigger: null });
    expect(readAll(log).records).toEqual(records);

    clock.advance(1);
    expect(await compactLog(log, { nowMs: clock.nowMs })).toMatchObject({ trigger: 'delete-horizon', recordsRemoved: 2 });
    const after = readAll(log).records;
    expect(after).toEqual(expectedAfterCompaction(before, activeBase, true));
    expect(after.some((record) => record.key === 'k3' || record.key === 'k7')).toBe(false);
    expect(await compactLog(log, { nowMs: clock.nowMs })).toMatchObject({ trigger: null });
  });

  it('keeps tombstones for good with a huge delete.retention.ms', async () => {
    const clock = new TestClock();
    const { log } = await updatedLog(clock, { ...CONFIGS, 'delete.retention.ms': '9223372036854775807' });
    await compactLog(log, { nowMs: clock.nowMs });
    clock.advance(1000 * 24 * HOUR);
    expect(await compactLog(log, { nowMs: clock.nowMs })).toMatchObject({ trigger: null });
    const { batches, records } = readAll(log);
    expect(records.filter((record) => record.value === null).map((record) => record.key)).toEqual(['k3', 'k7']);
    expect(batches.some((batch) => Number(batch.baseTimestamp) === Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('keeps batches sparse instead of renumbering: base offset and lastOffsetDelta stay', async () => {
    const clock = new TestClock();
    const { log } = await updatedLog(clock);
    const beforeBatches = readAll(log).batches.map((batch) => `${batch.baseOffset}+${batch.lastOffsetDelta}`);
    await compactLog(log, { nowMs: clock.nowMs });
    const afterBatches = readAll(log).batches;
    for (const batch of afterBatches) expect(beforeBatches).toContain(`${batch.baseOffset}+${batch.lastOffsetDelta}`);
    expect(afterBatches.some((batch) => batch.recordsCount < batch.lastOffsetDelta + 1)).toBe(true);
  });

  it('compacts over several passes when the key map fills up (log.cleaner.dedupe.buffer.size)', async () => {
    const clock = new TestClock();
    const { log, before, activeBase } = await updatedLog(clock, { ...CONFIGS, 'min.cleanable.dirty.ratio': 0.01 });
    const dirtySegments = log.segmentBaseOffsets.length - 1;
    const checkpoints: number[] = [];
    for (let pass = 0; pass < dirtySegments; pass++) {
      const result = await compactLog(log, { nowMs: clock.nowMs, dedupeBufferBytes: 1 });
      checkpoints.push(result!.firstDirtyOffset);
    }
    // One dirty segment mapped per pass: the checkpoint moves a segment at a time.
    expect(checkpoints).toEqual([...checkpoints].sort((a, b) => a - b));
    expect(new Set(checkpoints).size).toBe(checkpoints.length);
    expect(checkpoints.at(-1)).toBe(activeBase);
    expect(readAll(log).records).toEqual(expectedAfterCompaction(before, activeBase));
  });

  it('reads from any offset after compaction and after a restart, clean or not', async () => {
    const clock = new TestClock();
    const { log, dir } = await updatedLog(clock);
    await compactLog(log, { nowMs: clock.nowMs });
    const after = readAll(log).records;
    const end = log.logEndOffset;
    await log.close();
    for (const cleanShutdown of [true, false]) {
      const reopened = await openLog(dir, { clock, configs: CONFIGS, cleanShutdown });
      expect(readAll(reopened).records).toEqual(after);
      for (let offset = 0; offset < end; offset++) {
        const next = after.find((record) => record.offset >= offset);
        const got = recordsReadAt(reopened, offset).find((record) => record.offset >= offset);
        expect(got).toEqual(next);
      }
      await reopened.close();
    }
  });

  it('lets reads go on during a pass, and serializes retention and close with it', async () => {
    const clock = new TestClock();
    const { log, before, activeBase } = await updatedLog(clock, { ...CONFIGS, 'cleanup.policy': 'compact,delete', 'retention.ms': 1000 * HOUR });
    const pass = compactLog(log, { nowMs: clock.nowMs });
    const retention = log.applyRetention();
    let reads = 0;
    let done = false;
    pass.finally(() => (done = true));
    while (!done) {
      const records = readAll(log).records;
      expectSameNewestValues(before, records);
      reads++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(reads).toBeGreaterThan(1);
    expect((await retention).deletedSegments).toBe(0);
    expect(readAll(log).records).toEqual(expectedAfterCompaction(before, activeBase));
    const closing = log.close();
    expect(await compactLog(log, { nowMs: clock.nowMs })).toBeNull();
    await closing;
  });

  it('applies time retention to compact,delete logs as to delete logs', async () => {
    const clock = new TestClock();
    const { log, activeBase } = await updatedLog(clock, { ...CONFIGS, 'cleanup.policy': 'compact,delete', 'retention.ms': HOUR });
    await compactLog(log, { nowMs: clock.nowMs });
    clock.advance(2 * HOUR);
    const { logStartOffset } = await log.applyRetention();
    // Everything closed is older than retention.ms; the active segment was rolled and deleted too.
    expect(logStartOffset).toBeGreaterThanOrEqual(activeBase);
    expect(log.segmentBaseOffsets).toEqual([log.logEndOffset]);
    appendUpdates(log, { keys: 3, rounds: 30, clock });
    expect(await compactLog(log, { nowMs: clock.nowMs })).toMatchObject({ trigger: 'dirty-ratio' });
    const records = readAll(log).records;
    expect(records[0].offset).toBeGreaterThanOrEqual(logStartOffset);
  });
});

function recordsReadAt(log: PartitionLog, offset: number): StoredRecord[] {
  return decodeStored(log.read(offset, 1).records).records;
}
