import { describe, expect, it } from 'vitest';
import { compactLog } from '../../../broker/log/compaction-pass.ts';
import { logConfigWith } from '../../../broker/log/log-config.ts';
import { appendUpdates, expectedAfterCompaction, readAll } from './compaction-fixtures.ts';
import { TestClock, openLog, tempDir } from './log-fixtures.ts';

const HOUR = 3_600_000;
const BASE = { 'cleanup.policy': 'compact', 'segment.bytes': 2048 };

describe('when compaction runs', () => {
  it('leaves records younger than min.compaction.lag.ms alone', async () => {
    const clock = new TestClock();
    const configs = { ...BASE, 'min.compaction.lag.ms': HOUR };
    const log = await openLog(tempDir(), { clock, configs });
    appendUpdates(log, { keys: 10, rounds: 12, clock, prefix: 'old' });
    clock.advance(2 * HOUR);
    const firstRecent = log.logEndOffset;
    appendUpdates(log, { keys: 10, rounds: 12, clock, prefix: 'new' });
    const before = readAll(log).records;
    const activeBase = log.segmentBaseOffsets.at(-1)!;

    const result = await compactLog(log, { nowMs: clock.nowMs });
    expect(result?.trigger).toBe('dirty-ratio');
    const after = readAll(log).records;
    // Old records were compacted only against each other; no record of the recent segments went.
    const recent = before.filter((record) => record.offset >= firstRecent);
    expect(after.filter((record) => record.offset >= firstRecent)).toEqual(recent);
    const old = after.filter((record) => record.offset < firstRecent);
    expect(old.length).toBeLessThan(20);
    expect(new Set(old.map((record) => record.key)).size).toBe(10);
    expect(old.every((record) => record.value?.startsWith('old'))).toBe(true);
    expect(result?.firstDirtyOffset).toBeLessThanOrEqual(firstRecent);

    // Once they are old enough, the recent segments are compacted as well.
    clock.advance(2 * HOUR);
    expect((await compactLog(log, { nowMs: clock.nowMs }))?.trigger).not.toBeNull();
    expect(readAll(log).records).toEqual(expectedAfterCompaction(before, activeBase));
  });

  it('skips a log whose dirty ratio is below min.cleanable.dirty.ratio', async () => {
    const clock = new TestClock();
    const configs = { ...BASE, 'min.cleanable.dirty.ratio': 0.5, 'segment.ms': HOUR };
    const log = await openLog(tempDir(), { clock, configs });
    const rollAfterAnHour = () => {
      clock.advance(HOUR + 1);
      appendUpdates(log, { keys: 1, rounds: 1, clock, prefix: 'roll' });
    };
    appendUpdates(log, { keys: 40, rounds: 6, clock });
    rollAfterAnHour();
    expect((await compactLog(log, { nowMs: clock.nowMs }))?.trigger).toBe('dirty-ratio');
    const cleanedBases = log.segmentBaseOffsets;
    // A few more updates: dirty, but a small part of the log.
    appendUpdates(log, { keys: 5, rounds: 1, clock, prefix: 'w' });
    rollAfterAnHour();
    const contents = readAll(log).records;
    const skipped = await compactLog(log, { nowMs: clock.nowMs });
    expect(skipped?.trigger).toBeNull();
    expect(skipped?.dirtyRatio).toBeGreaterThan(0);
    expect(skipped?.dirtyRatio).toBeLessThan(0.5);
    expect(readAll(log).records).toEqual(contents);
    expect(log.segmentBaseOffsets.slice(0, cleanedBases.length - 1)).toEqual(cleanedBases.slice(0, -1));

    log.updateConfig(logConfigWith({ ...configs, 'min.cleanable.dirty.ratio': skipped!.dirtyRatio }));
    expect((await compactLog(log, { nowMs: clock.nowMs }))?.trigger).toBe('dirty-ratio');
    expect(readAll(log).records.length).toBeLessThan(contents.length);
  });

  it('cleans a log below the ratio once its dirty part is older than max.compaction.lag.ms', async () => {
    const clock = new TestClock();
    const configs = { ...BASE, 'min.cleanable.dirty.ratio': 0.9, 'max.compaction.lag.ms': 10 * HOUR };
    const log = await openLog(tempDir(), { clock, configs });
    appendUpdates(log, { keys: 40, rounds: 6, clock });
    await compactLog(log, { nowMs: clock.nowMs });
    appendUpdates(log, { keys: 40, rounds: 1, clock, prefix: 'w' });
    appendUpdates(log, { keys: 1, rounds: 1, clock, prefix: 'roll' });
    expect((await compactLog(log, { nowMs: clock.nowMs }))?.trigger).toBeNull();
    clock.advance(10 * HOUR);
    expect((await compactLog(log, { nowMs: clock.nowMs }))?.trigger).toBe('max-compaction-lag');
  });

  it('rolls a compacted log by max.compaction.lag.ms when that is below segment.ms', () => {
    expect(logConfigWith({ 'cleanup.policy': 'compact', 'max.compaction.lag.ms': 5000, 'segment.ms': 60000 }).segmentMs).toBe(5000);
    expect(logConfigWith({ 'cleanup.policy': 'delete', 'max.compaction.lag.ms': 5000, 'segment.ms': 60000 }).segmentMs).toBe(60000);
  });

  it('does nothing to logs that are not compacted', async () => {
    const clock = new TestClock();
    const log = await openLog(tempDir(), { clock, configs: { 'segment.bytes': 2048 } });
    appendUpdates(log, { keys: 10, rounds: 10, clock });
    expect(await compactLog(log, { nowMs: clock.nowMs })).toBeNull();
  });
});
