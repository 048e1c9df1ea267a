// Crash safety of compaction's segment swap: the states a crash can leave (see compaction-swap.ts) are
// built by hand from a log and its compacted copy, then the log is reopened as after a crash.
import { copyFileSync, cpSync, existsSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactLog } from '../../../broker/log/compaction-pass.ts';
import { segmentFileName, segmentPaths } from '../../../broker/log/segment-files.ts';
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

// Segments roll by time at a third of segment.bytes, so the pass merges them in groups.
const CONFIGS = { 'cleanup.policy': 'compact', 'segment.bytes': 4096, 'segment.ms': 2500, 'delete.retention.ms': 3_600_000 };

interface Prepared {
  /** The log before compaction, closed. */
  readonly original: string;
  readonly before: StoredRecord[];
  readonly activeBase: number;
  /** A compacted copy, closed. */
  readonly compacted: string;
  readonly compactedBases: number[];
  readonly after: StoredRecord[];
}

async function prepare(clock: TestClock): Promise<Prepared> {
  const original = tempDir();
  const log = await openLog(original, { clock, configs: CONFIGS });
  appendUpdates(log, { keys: 10, rounds: 20, clock });
  log.append(keyedBatch([{ key: 'k3', value: null }], { timestamp: clock.nowMs }));
  appendUpdates(log, { keys: 3, rounds: 12, clock, prefix: 'w' });
  const before = readAll(log).records;
  const activeBase = log.segmentBaseOffsets.at(-1)!;
  await log.close();
  const compacted = tempDir();
  cpSync(original, compacted, { recursive: true });
  const copy = await openLog(compacted, { clock, configs: CONFIGS, cleanShutdown: true });
  await compactLog(copy, { nowMs: clock.nowMs });
  const after = readAll(copy).records;
  expect(after).toEqual(expectedAfterCompaction(before, activeBase));
  const compactedBases = copy.segmentBaseOffsets;
  expect(compactedBases.length).toBeGreaterThan(2);
  await copy.close();
  return { original, before, activeBase, compacted, compactedBases, after };
}

/** Reopens as after a crash and checks the log is whole: each key's newest value at its offset, reads from anywhere. */
async function reopenAndCheck(dir: string, clock: TestClock, prepared: Prepared, cleanShutdown = false): Promise<StoredRecord[]> {
  const { before, activeBase } = prepared;
  const log = await openLog(dir, { clock, configs: CONFIGS, cleanShutdown });
  const records = readAll(log).records;
  expectSameNewestValues(before, records);
  const offsets = new Set(before.map((record) => record.offset));
  for (const record of records) expect(offsets.has(record.offset)).toBe(true);
  for (let offset = 0; offset < log.logEndOffset; offset++) {
    const first = decodeStored(log.read(offset, 1).records).records.find((record) => record.offset >= offset);
    expect(first).toEqual(records.find((record) => record.offset >= offset));
  }
  expect(readdirSync(dir).filter((name) => name.endsWith('.cleaned') || name.endsWith('.swap'))).toEqual([]);
  // Compaction still works on the recovered log and ends where a crash-free one does.
  await compactLog(log, { nowMs: clock.nowMs });
  expect(log.segmentBaseOffsets.at(-1)).toBe(activeBase);
  expect(readAll(log).records).toEqual(expectedAfterCompaction(before, activeBase));
  await log.close();
  return records;
}

function swapName(base: number, end: number): string {
  return `${segmentFileName(base, '.log')}.${String(end).padStart(20, '0')}.swap`;
}

function removeSegmentFiles(dir: string, base: number, which: readonly ('log' | 'offsetIndex' | 'timeIndex')[]): void {
  const paths = segmentPaths(dir, base);
  for (const file of which) if (existsSync(paths[file])) unlinkSync(paths[file]);
}

function originalBasesIn(dir: string, from: number, to: number): number[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.log'))
    .map((name) => Number(name.slice(0, 20)))
    .filter((base) => base >= from && base < to)
    .sort((a, b) => a - b);
}

describe('compaction crash safety', () => {
  it('rolls back a pass that crashed while writing the cleaned segment', async () => {
    const clock = new TestClock();
    const prepared = await prepare(clock);
    const { original, before } = prepared;
    writeFileSync(join(original, `${segmentFileName(0, '.log')}.cleaned`), Buffer.alloc(700, 0xab));
    const records = await reopenAndCheck(original, clock, prepared);
    expect(records).toEqual(before);
  });

  it('completes a committed swap whose old segments are all still there', async () => {
    const clock = new TestClock();
    const prepared = await prepare(clock);
    const { original, before, compacted, compactedBases, after } = prepared;
    const [base, end] = compactedBases;
    expect(originalBasesIn(original, base, end).length).toBeGreaterThan(1);
    copyFileSync(segmentPaths(compacted, base).log, join(original, swapName(base, end)));
    const records = await reopenAndCheck(original, clock, prepared);
    expect(records).toEqual([...after.filter((r) => r.offset < end), ...before.filter((r) => r.offset >= end)]);
    expect(originalBasesIn(original, base, end)).toEqual([base]);
  });

  it('completes a swap interrupted while deleting the old segments', async () => {
    const clock = new TestClock();
    const prepared = await prepare(clock);
    const { original, before, compacted, compactedBases, after } = prepared;
    const [, base, end] = compactedBases;
    const replaced = originalBasesIn(original, base, end);
    expect(replaced.length).toBeGreaterThan(1);
    copyFileSync(segmentPaths(compacted, base).log, join(original, swapName(base, end)));
    removeSegmentFiles(original, replaced[0], ['log', 'offsetIndex', 'timeIndex']);
    removeSegmentFiles(original, replaced.at(-1)!, ['offsetIndex']);
    const records = await reopenAndCheck(original, clock, prepared);
    expect(records).toEqual([
      ...before.filter((r) => r.offset < base),
      ...after.filter((r) => r.offset >= base && r.offset < end),
      ...before.filter((r) => r.offset >= end),
    ]);
  });

  for (const cleanShutdown of [false, true]) {
    it(`rebuilds the indexes of a segment swapped in just before the crash (clean shutdown marker: ${cleanShutdown})`, async () => {
      const clock = new TestClock();
      const prepared = await prepare(clock);
    const { original, before, compacted, compactedBases, after } = prepared;
      const [base, end] = compactedBases;
      for (const replaced of originalBasesIn(original, base, end)) removeSegmentFiles(original, replaced, ['log', 'offsetIndex', 'timeIndex']);
      copyFileSync(segmentPaths(compacted, base).log, segmentPaths(original, base).log);
      const records = await reopenAndCheck(original, clock, prepared, cleanShutdown);
      expect(records).toEqual([...after.filter((r) => r.offset < end), ...before.filter((r) => r.offset >= end)]);
    });
  }

  it('completes several committed swaps at once', async () => {
    const clock = new TestClock();
    const prepared = await prepare(clock);
    const { original, before, compacted, compactedBases, after, activeBase } = prepared;
    for (let i = 0; i + 1 < compactedBases.length; i++) {
      copyFileSync(segmentPaths(compacted, compactedBases[i]).log, join(original, swapName(compactedBases[i], compactedBases[i + 1])));
    }
    const records = await reopenAndCheck(original, clock, prepared);
    expect(records).toEqual(after);
    expect(records).toEqual(expectedAfterCompaction(before, activeBase));
  });
});
