import { describe, expect, it } from 'vitest';
import { KafkaProtocolError } from '../../../broker/protocol/error-codes.ts';
import { makeBatch, offsetsIn } from './make-batch.ts';
import { TestClock, openLog, tempDir } from './log-fixtures.ts';

const HOUR = 3_600_000;
const oneBatch = () => makeBatch({ records: 2, valueBytes: 100 });
const BATCH_BYTES = oneBatch().length;
/** Compacted logs refuse keyless records. */
const KEYED_BATCH_BYTES = makeBatch({ records: 2, valueBytes: 100, keyPrefix: 'k' }).length;

describe('retention', () => {
  it('deletes segments whose newest timestamp is older than retention.ms and advances the log start offset', async () => {
    const clock = new TestClock();
    const log = await openLog(tempDir(), {
      clock,
      configs: { 'retention.ms': 10 * HOUR, 'segment.bytes': BATCH_BYTES * 2 },
    });
    for (let i = 0; i < 6; i++) {
      log.append(makeBatch({ records: 2, valueBytes: 100, baseTimestamp: clock.nowMs }));
      clock.advance(HOUR);
    }
    // Segments [0..3], [4..7], [8..11]; their newest timestamps are t0+1h, t0+3h, t0+5h.
    expect(log.segmentBaseOffsets).toEqual([0, 4, 8]);
    clock.advance(5.5 * HOUR); // now = t0 + 11.5h
    expect(await log.applyRetention()).toEqual({ deletedSegments: 1, logStartOffset: 4 });
    expect(log.segmentBaseOffsets).toEqual([4, 8]);
    expect(() => log.read(0, 1000)).toThrow(KafkaProtocolError);
    expect(offsetsIn(log.read(4, 1 << 20).records)[0]).toBe(4);
    clock.advance(2 * HOUR);
    expect((await log.applyRetention()).logStartOffset).toBe(8);
  });

  it('rolls and deletes an expired active segment, so idle partitions age out', async () => {
    const clock = new TestClock();
    const log = await openLog(tempDir(), { clock, configs: { 'retention.ms': HOUR } });
    log.append(makeBatch({ records: 3, baseTimestamp: clock.nowMs }));
    clock.advance(2 * HOUR);
    expect(await log.applyRetention()).toEqual({ deletedSegments: 1, logStartOffset: 3 });
    expect(log.segmentBaseOffsets).toEqual([3]);
    expect(log.read(3, 100).records.length).toBe(0);
    expect(log.append(makeBatch()).baseOffset).toBe(3);
  });

  it('deletes the oldest segments while the rest still hold retention.bytes', async () => {
    const log = await openLog(tempDir(), {
      configs: { 'retention.bytes': BATCH_BYTES * 3, 'segment.bytes': BATCH_BYTES * 2 },
    });
    for (let i = 0; i < 7; i++) log.append(oneBatch());
    expect(log.segmentBaseOffsets).toEqual([0, 4, 8, 12]);
    expect(await log.applyRetention()).toEqual({ deletedSegments: 2, logStartOffset: 8 });
    expect(log.sizeInBytes).toBe(BATCH_BYTES * 3);
  });

  it('keeps everything with retention.ms=-1 or a compact-only cleanup.policy', async () => {
    const clock = new TestClock();
    const variants: Record<string, string | number>[] = [
      { 'retention.ms': -1 },
      { 'cleanup.policy': 'compact', 'retention.ms': 1, 'retention.bytes': 1 },
    ];
    for (const configs of variants) {
      const log = await openLog(tempDir(), { clock, configs: { ...configs, 'segment.bytes': KEYED_BATCH_BYTES } });
      for (let i = 0; i < 3; i++) log.append(makeBatch({ records: 2, valueBytes: 100, baseTimestamp: clock.nowMs, keyPrefix: 'k' }));
      clock.advance(1000 * HOUR);
      expect((await log.applyRetention()).deletedSegments).toBe(0);
      expect(log.logStartOffset).toBe(0);
    }
  });

  it('applies time retention with cleanup.policy=compact,delete', async () => {
    const clock = new TestClock();
    const log = await openLog(tempDir(), {
      clock,
      configs: { 'cleanup.policy': 'compact,delete', 'retention.ms': HOUR, 'segment.bytes': KEYED_BATCH_BYTES },
    });
    log.append(makeBatch({ records: 2, valueBytes: 100, baseTimestamp: clock.nowMs, keyPrefix: 'k' }));
    log.append(makeBatch({ records: 2, valueBytes: 100, baseTimestamp: clock.nowMs + 3 * HOUR, keyPrefix: 'k' }));
    clock.advance(2 * HOUR);
    expect(await log.applyRetention()).toEqual({ deletedSegments: 1, logStartOffset: 2 });
  });
});

describe('deleteRecords', () => {
  it('advances the log start offset, deletes whole segments below it and persists it', async () => {
    const dir = tempDir();
    const configs = { 'segment.bytes': BATCH_BYTES * 2 };
    const log = await openLog(dir, { configs });
    for (let i = 0; i < 6; i++) log.append(oneBatch());
    expect(log.segmentBaseOffsets).toEqual([0, 4, 8]);
    expect(await log.deleteRecords(5)).toBe(5);
    expect(log.segmentBaseOffsets).toEqual([4, 8]);
    expect(() => log.read(4, 1000)).toThrow(KafkaProtocolError);
    expect(offsetsIn(log.read(5, 1 << 20).records)[0]).toBe(4); // whole batch holding offset 5
    expect(await log.deleteRecords(3)).toBe(5); // never moves back
    await log.close();

    const reopened = await openLog(dir, { configs });
    expect(reopened.logStartOffset).toBe(5);
    expect(reopened.logEndOffset).toBe(12);
  });

  it('accepts -1 for the high watermark and rejects offsets beyond it', async () => {
    const log = await openLog(tempDir());
    log.append(makeBatch({ records: 4 }));
    await expect(log.deleteRecords(5)).rejects.toMatchObject({ error: { name: 'OFFSET_OUT_OF_RANGE' } });
    expect(await log.deleteRecords(-1)).toBe(4);
    expect(log.read(4, 100).records.length).toBe(0);
    expect(log.append(makeBatch()).logStartOffset).toBe(4);
  });
});
