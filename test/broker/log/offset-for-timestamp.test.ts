import { describe, expect, it } from 'vitest';
import { ListOffsetsTimestamp } from '../../../broker/log/timestamp-lookup.ts';
import { makeBatch } from './make-batch.ts';
import { TestClock, openLog, tempDir } from './log-fixtures.ts';

const T0 = 1_700_000_000_000;

describe('offsetForTimestamp', () => {
  async function logWithTimestamps() {
    const log = await openLog(tempDir(), { configs: { 'segment.bytes': 400, 'index.interval.bytes': 100 } });
    // 20 batches of 3 records; record i has timestamp T0 + 10 * i.
    for (let b = 0; b < 20; b++) log.append(makeBatch({ records: 3, baseTimestamp: T0 + 30 * b, timestampStep: 10 }));
    return log;
  }

  it('finds the first record whose timestamp is at or after the target', async () => {
    const log = await logWithTimestamps();
    expect(log.segmentBaseOffsets.length).toBeGreaterThan(3);
    for (let i = 0; i < 60; i++) {
      expect(log.offsetForTimestamp(T0 + 10 * i)).toEqual({ offset: i, timestamp: T0 + 10 * i });
      expect(log.offsetForTimestamp(T0 + 10 * i - 5)).toEqual({ offset: i, timestamp: T0 + 10 * i });
    }
    expect(log.offsetForTimestamp(0)).toEqual({ offset: 0, timestamp: T0 });
    expect(log.offsetForTimestamp(T0 + 10 * 60)).toEqual({ offset: -1, timestamp: -1 });
  });

  it('answers earliest, latest and max timestamp', async () => {
    const log = await logWithTimestamps();
    expect(log.offsetForTimestamp(ListOffsetsTimestamp.EARLIEST)).toEqual({ offset: 0, timestamp: -1 });
    expect(log.offsetForTimestamp(ListOffsetsTimestamp.LATEST)).toEqual({ offset: 60, timestamp: -1 });
    expect(log.offsetForTimestamp(ListOffsetsTimestamp.MAX_TIMESTAMP)).toEqual({ offset: 59, timestamp: T0 + 590 });
    await log.deleteRecords(7);
    expect(log.offsetForTimestamp(ListOffsetsTimestamp.EARLIEST)).toEqual({ offset: 7, timestamp: -1 });
    expect(log.offsetForTimestamp(T0)).toEqual({ offset: 7, timestamp: T0 + 70 });
  });

  it('finds the record with the largest timestamp even when timestamps go backwards', async () => {
    const log = await openLog(tempDir());
    log.append(makeBatch({ timestamps: [T0 + 5, T0 + 50, T0 + 7] }));
    log.append(makeBatch({ timestamps: [T0 + 8, T0 + 9] }));
    expect(log.offsetForTimestamp(ListOffsetsTimestamp.MAX_TIMESTAMP)).toEqual({ offset: 1, timestamp: T0 + 50 });
    expect(log.offsetForTimestamp(T0 + 8)).toEqual({ offset: 1, timestamp: T0 + 50 });
    expect(log.offsetForTimestamp(T0 + 51)).toEqual({ offset: -1, timestamp: -1 });
  });

  it('answers at batch level for compressed batches', async () => {
    const log = await openLog(tempDir());
    log.append(makeBatch({ records: 3, baseTimestamp: T0, timestampStep: 10, attributes: 1 }));
    expect(log.offsetForTimestamp(T0 + 15)).toEqual({ offset: 0, timestamp: T0 + 20 });
    expect(log.offsetForTimestamp(ListOffsetsTimestamp.MAX_TIMESTAMP)).toEqual({ offset: 2, timestamp: T0 + 20 });
  });

  it('uses the broker timestamp for LogAppendTime topics', async () => {
    const clock = new TestClock(T0);
    const log = await openLog(tempDir(), { clock, configs: { 'message.timestamp.type': 'LogAppendTime' } });
    log.append(makeBatch({ records: 2, baseTimestamp: 1 }));
    clock.advance(100);
    log.append(makeBatch({ records: 2, baseTimestamp: 1 }));
    expect(log.offsetForTimestamp(T0 + 1)).toEqual({ offset: 2, timestamp: T0 + 100 });
    expect(log.offsetForTimestamp(ListOffsetsTimestamp.MAX_TIMESTAMP)).toEqual({ offset: 2, timestamp: T0 + 100 });
  });

  it('survives a restart with a rebuilt time index', async () => {
    const dir = tempDir();
    const configs = { 'segment.bytes': 400, 'index.interval.bytes': 100 };
    const log = await openLog(dir, { configs });
    for (let b = 0; b < 10; b++) log.append(makeBatch({ records: 3, baseTimestamp: T0 + 30 * b, timestampStep: 10 }));
    await log.close();
    const reopened = await openLog(dir, { configs, cleanShutdown: true });
    expect(reopened.offsetForTimestamp(T0 + 145)).toEqual({ offset: 15, timestamp: T0 + 150 });
    expect(reopened.offsetForTimestamp(ListOffsetsTimestamp.MAX_TIMESTAMP)).toEqual({ offset: 29, timestamp: T0 + 290 });
  });
});
