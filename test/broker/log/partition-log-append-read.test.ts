import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCode, KafkaProtocolError } from '../../../broker/protocol/error-codes.ts';
import { decodeBatches, makeBatch, offsetsIn } from './make-batch.ts';
import { TestClock, openLog, tempDir } from './log-fixtures.ts';

function expectKafkaError(fn: () => unknown, name: string): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KafkaProtocolError);
    expect((err as KafkaProtocolError).error.name).toBe(name);
    return;
  }
  throw new Error(`expected ${name}`);
}

describe('PartitionLog append and read', () => {
  it('assigns offsets and reads every record back across several segments', async () => {
    const dir = tempDir();
    const log = await openLog(dir, { configs: { 'segment.bytes': 1024, 'index.interval.bytes': 200 } });
    const appended: { base: number; values: string[] }[] = [];
    for (let i = 0; i < 40; i++) {
      const records = 1 + (i % 4);
      const result = log.append(makeBatch({ records, valuePrefix: `b${i}-` }), 7);
      expect(result.baseOffset).toBe(log.logEndOffset - records);
      expect(result.lastOffset).toBe(log.logEndOffset - 1);
      expect(result.logAppendTimeMs).toBe(-1);
      appended.push({ base: result.baseOffset, values: Array.from({ length: records }, (_, r) => `b${i}-${r}`) });
    }
    expect(log.logEndOffset).toBe(100);
    expect(log.segmentBaseOffsets.length).toBeGreaterThan(3);
    const logFiles = readdirSync(dir).filter((name) => name.endsWith('.log')).sort();
    expect(logFiles[0]).toBe('00000000000000000000.log');
    expect(logFiles).toHaveLength(log.segmentBaseOffsets.length);

    const everything = log.read(0, 1 << 20);
    expect(offsetsIn(everything.records)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const values = decodeBatches(everything.records).flatMap((batch) => batch.records.map((record) => record.value.replace(/\.+$/, '')));
    expect(values).toEqual(appended.flatMap((a) => a.values));
    for (const batch of decodeBatches(everything.records)) {
      expect(batch.partitionLeaderEpoch).toBe(7);
      expect(batch.crcValid).toBe(true);
    }
    expect(everything.highWatermark).toBe(100);
    expect(everything.lastStableOffset).toBe(100);
    expect(everything.logStartOffset).toBe(0);

    for (let offset = 0; offset < 100; offset++) {
      const first = decodeBatches(log.read(offset, 1).records)[0];
      expect(first.baseOffset).toBeLessThanOrEqual(offset);
      expect(first.lastOffset).toBeGreaterThanOrEqual(offset);
    }
  });

  it('returns whole batches up to maxBytes, and the first batch whole only with minOneMessage', async () => {
    const log = await openLog(tempDir());
    const batch = makeBatch({ records: 3 });
    const size = batch.length;
    for (let i = 0; i < 5; i++) log.append(makeBatch({ records: 3 }));
    expect(log.read(0, size * 2 + size - 1).records.length).toBe(size * 2);
    expect(log.read(0, size - 1).records.length).toBe(size);
    expect(log.read(0, size - 1, { minOneMessage: false }).records.length).toBe(0);
    expect(log.read(0, 0, { minOneMessage: true }).records.length).toBe(size);
    expect(offsetsIn(log.read(4, size).records)).toEqual([3, 4, 5]);
  });

  it('answers an empty read at the log end and OFFSET_OUT_OF_RANGE outside the log', async () => {
    const log = await openLog(tempDir());
    expect(log.read(0, 100).records.length).toBe(0);
    log.append(makeBatch({ records: 2 }));
    expect(log.read(2, 100).records.length).toBe(0);
    expectKafkaError(() => log.read(3, 100), 'OFFSET_OUT_OF_RANGE');
    expectKafkaError(() => log.read(-1, 100), 'OFFSET_OUT_OF_RANGE');
  });

  it('appends several concatenated batches in one call', async () => {
    const log = await openLog(tempDir());
    log.append(makeBatch({ records: 2 }));
    const result = log.append(Buffer.concat([makeBatch({ records: 3 }), makeBatch({ records: 1 }), makeBatch({ records: 4 })]));
    expect(result).toMatchObject({ baseOffset: 2, lastOffset: 9, logStartOffset: 0 });
    expect(decodeBatches(log.read(0, 1 << 20).records).map((b) => [b.baseOffset, b.lastOffset])).toEqual([
      [0, 1], [2, 4], [5, 5], [6, 9],
    ]);
  });

  it('rejects a batch above max.message.bytes and appends larger than segment.bytes', async () => {
    const log = await openLog(tempDir(), { configs: { 'max.message.bytes': 200, 'segment.bytes': 500 } });
    expectKafkaError(() => log.append(makeBatch({ records: 1, valueBytes: 300 })), 'MESSAGE_TOO_LARGE');
    const small = () => makeBatch({ records: 1, valueBytes: 50 });
    expectKafkaError(() => log.append(Buffer.concat([small(), small(), small(), small(), small()])), 'RECORD_LIST_TOO_LARGE');
    expect(log.logEndOffset).toBe(0);
    expectKafkaError(() => log.append(makeBatch().subarray(0, 40)), 'CORRUPT_MESSAGE');
  });

  it('stamps LogAppendTime batches with the broker clock and a fresh CRC', async () => {
    const clock = new TestClock();
    const log = await openLog(tempDir(), { clock, configs: { 'message.timestamp.type': 'LogAppendTime' } });
    const result = log.append(makeBatch({ records: 2, baseTimestamp: 5 }));
    expect(result.logAppendTimeMs).toBe(clock.nowMs);
    const [batch] = decodeBatches(log.read(0, 1000).records);
    expect(batch.maxTimestamp).toBe(clock.nowMs);
    expect(batch.attributes & 0x08).toBe(0x08);
    expect(batch.crcValid).toBe(true);
  });

  it('tells append listeners about each append', async () => {
    const log = await openLog(tempDir());
    const seen: number[] = [];
    const unsubscribe = log.onAppend((_log, result) => seen.push(result.lastOffset));
    log.append(makeBatch({ records: 2 }));
    unsubscribe();
    log.append(makeBatch());
    expect(seen).toEqual([1]);
  });

  it('keeps data, offsets and indexes across a clean reopen', async () => {
    const dir = tempDir();
    const log = await openLog(dir, { configs: { 'segment.bytes': 600, 'index.interval.bytes': 100 } });
    for (let i = 0; i < 20; i++) log.append(makeBatch({ records: 2 }));
    const before = log.read(0, 1 << 20).records;
    await log.close();
    const reopened = await openLog(dir, { configs: { 'segment.bytes': 600, 'index.interval.bytes': 100 }, cleanShutdown: true });
    expect(reopened.recovery).toEqual({ truncatedBytes: 0, rebuiltIndexes: 0 });
    expect(reopened.logEndOffset).toBe(40);
    expect(reopened.read(0, 1 << 20).records.equals(before)).toBe(true);
    expect(reopened.append(makeBatch()).baseOffset).toBe(40);
  });
});
