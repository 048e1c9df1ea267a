import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeBatch, offsetsIn } from './make-batch.ts';
import { TestClock, openLog, tempDir } from './log-fixtures.ts';

describe('segment roll', () => {
  it('rolls when the next append would pass segment.bytes', async () => {
    const dir = tempDir();
    const batch = makeBatch({ records: 1, valueBytes: 100 });
    const log = await openLog(dir, { configs: { 'segment.bytes': batch.length * 3 } });
    for (let i = 0; i < 7; i++) log.append(makeBatch({ records: 1, valueBytes: 100 }));
    expect(log.segmentBaseOffsets).toEqual([0, 3, 6]);
    expect(statSync(join(dir, '00000000000000000000.log')).size).toBe(batch.length * 3);
    expect(existsSync(join(dir, '00000000000000000003.index'))).toBe(true);
    expect(existsSync(join(dir, '00000000000000000006.timeindex'))).toBe(true);
  });

  it('rolls by segment.ms measured with the injected clock', async () => {
    const clock = new TestClock();
    const log = await openLog(tempDir(), { clock, configs: { 'segment.ms': 60_000 } });
    log.append(makeBatch({ baseTimestamp: clock.nowMs }));
    clock.advance(59_000);
    log.append(makeBatch({ baseTimestamp: clock.nowMs }));
    expect(log.segmentBaseOffsets).toEqual([0]);
    clock.advance(2_000);
    log.append(makeBatch({ baseTimestamp: clock.nowMs }));
    expect(log.segmentBaseOffsets).toEqual([0, 2]);
    clock.advance(59_000);
    log.append(makeBatch({ baseTimestamp: clock.nowMs }));
    expect(log.segmentBaseOffsets).toEqual([0, 2]);
  });

  it('rolls when an index is full', async () => {
    const dir = tempDir();
    // Room for one time-index entry (12 bytes) and one offset-index entry; an entry every batch.
    const log = await openLog(dir, { configs: { 'segment.index.bytes': 12, 'index.interval.bytes': 0 } });
    for (let i = 0; i < 6; i++) log.append(makeBatch({ baseTimestamp: 1000 + i }));
    expect(log.segmentBaseOffsets.length).toBeGreaterThan(1);
    expect(offsetsIn(log.read(0, 1 << 20).records)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('makes rolled segments durable: their indexes are on disk', async () => {
    const dir = tempDir();
    const batch = makeBatch({ records: 1, valueBytes: 100 });
    const log = await openLog(dir, { configs: { 'segment.bytes': batch.length * 4, 'index.interval.bytes': batch.length * 2 } });
    for (let i = 0; i < 5; i++) log.append(makeBatch({ records: 1, valueBytes: 100, baseTimestamp: 2000 + i }));
    await log.flush();
    // One offset entry (batch 2) with its time entry, then the final maximum added when the segment rolled.
    expect(statSync(join(dir, '00000000000000000000.index')).size).toBe(8);
    expect(statSync(join(dir, '00000000000000000000.timeindex')).size).toBe(2 * 12);
    expect(readdirSync(dir).filter((name) => name.endsWith('.log'))).toHaveLength(2);
  });
});
