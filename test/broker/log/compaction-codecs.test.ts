import { describe, expect, it } from 'vitest';
import { compactLog } from '../../../broker/log/compaction-pass.ts';
import { CompressionCodec } from '../../../broker/protocol/records/batch-header.ts';
import { appendUpdates, expectedAfterCompaction, keyedBatch, readAll } from './compaction-fixtures.ts';
import { TestClock, openLog, tempDir } from './log-fixtures.ts';

const CONFIGS = { 'cleanup.policy': 'compact', 'segment.bytes': 2048 };

describe('compaction of compressed batches', () => {
  for (const codec of ['gzip', 'snappy', 'lz4', 'zstd'] as const) {
    it(`re-encodes surviving records with ${codec} and keeps every header field`, async () => {
      const compression = CompressionCodec[codec];
      const clock = new TestClock();
      const log = await openLog(tempDir(), { clock, configs: CONFIGS });
      // Mixed with uncompressed batches, which must stay uncompressed.
      appendUpdates(log, { keys: 8, rounds: 15, clock, compression });
      appendUpdates(log, { keys: 4, rounds: 15, clock, prefix: 'plain' });
      appendUpdates(log, { keys: 2, rounds: 15, clock, compression, prefix: 'last' });
      const before = readAll(log);
      const activeBase = log.segmentBaseOffsets.at(-1)!;
      const codecOf = new Map(before.batches.map((batch) => [batch.baseOffset, batch.compression]));

      expect((await compactLog(log, { nowMs: clock.nowMs }))?.trigger).toBe('dirty-ratio');
      const after = readAll(log);
      expect(after.records).toEqual(expectedAfterCompaction(before.records, activeBase));
      for (const batch of after.batches) {
        expect(batch.compression).toBe(codecOf.get(batch.baseOffset));
        expect(batch.records[0].headers).toEqual([{ key: 'h', value: batch.records[0].key }]);
      }
      expect(after.batches.some((batch) => batch.compression === compression && batch.baseOffset < activeBase)).toBe(true);
    });
  }

  it('keeps producer id, epoch, base sequence, leader epoch and log-append timestamps of rewritten batches', async () => {
    const clock = new TestClock();
    const log = await openLog(tempDir(), { clock, configs: { ...CONFIGS, 'message.timestamp.type': 'LogAppendTime' } });
    let sequence = 0;
    for (let round = 0; round < 20; round++) {
      // Odd rounds update half the keys, so batches of even rounds keep some records: sparse batches.
      const records = Array.from({ length: round % 2 === 0 ? 6 : 3 }, (_, k) => ({ key: `k${k}`, value: `v${round}-${'x'.repeat(30)}` }));
      const batch = keyedBatch(records, { compression: CompressionCodec.lz4, producerId: 7n, producerEpoch: 3, baseSequence: sequence });
      log.append(batch, 5);
      sequence += records.length;
      clock.advance(1000);
    }
    const before = readAll(log);
    const activeBase = log.segmentBaseOffsets.at(-1)!;
    await compactLog(log, { nowMs: clock.nowMs });
    const after = readAll(log);
    expect(after.records).toEqual(expectedAfterCompaction(before.records, activeBase));
    const original = new Map(before.batches.map((batch) => [batch.baseOffset, batch]));
    for (const batch of after.batches) {
      const was = original.get(batch.baseOffset)!;
      expect(batch).toMatchObject({
        producerId: 7n,
        producerEpoch: 3,
        baseSequence: was.baseSequence,
        partitionLeaderEpoch: 5,
        lastOffsetDelta: was.lastOffsetDelta,
        timestampType: 'logAppend',
        maxTimestamp: was.maxTimestamp,
        compression: CompressionCodec.lz4,
      });
    }
    expect(after.batches.some((batch) => batch.recordsCount < batch.lastOffsetDelta + 1)).toBe(true);
  });
});
