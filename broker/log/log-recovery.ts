/**
 * Start-up recovery of one partition directory: opens its segments, checks their indexes and replays the
 * part of each log that may be torn. Index files only ever describe fsynced data (see segment.ts), so the
 * replay starts at the last offset-index entry instead of the segment start.
 *
 * - Damaged or missing index (wrong size, non-monotonic, pointing past the data, a sealed segment without
 *   its final time entry): rebuilt from the whole segment, every batch CRC-checked.
 * - Active segment after an unclean shutdown: every batch after the last index entry is checked (length
 *   bounds, magic 2, monotonic offsets, CRC-32C); the first bad one and all after it are cut off.
 * - After a clean shutdown, and for closed segments after an unclean one, only a cheap check runs: batch
 *   headers after the last index entry plus the CRC of the final batch; any doubt falls back to the
 *   checked replay. Closed segments after a clean shutdown are trusted as their indexes describe them.
 * - A closed segment found torn becomes the end of the log: later segments are deleted, as data written
 *   after a lost write cannot be trusted to be contiguous.
 * - Before any of this, a segment swap of log compaction that a crash interrupted is rolled back or
 *   completed (compaction-swap.ts); the swapped-in segment has no indexes yet and gets them rebuilt.
 */
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { TEMP_SUFFIX } from './atomic-file.ts';
import { batchCrcMatches } from '../protocol/records/crc32c.ts';
import { completeInterruptedSwaps } from './compaction-swap.ts';
import type { IndexedPosition } from './offset-index.ts';
import { LOG_SUFFIX, parseSegmentFileName, segmentPaths } from './segment-files.ts';
import { LogSegment, type SegmentSettings } from './segment.ts';

const MAX_RELATIVE_OFFSET = 2 ** 31 - 1;
const RECOVERY_READ_BYTES = 1024 * 1024;

export interface RecoveryOptions {
  readonly dir: string;
  readonly cleanShutdown: boolean;
  readonly nowMs: number;
  readonly settings: () => SegmentSettings;
}

export interface RecoverySummary {
  /** Bytes cut from torn or corrupt tails (including deleted later segments). */
  readonly truncatedBytes: number;
  /** Segments whose indexes were missing or damaged and had to be rebuilt. */
  readonly rebuiltIndexes: number;
}

export interface RecoveredSegments {
  readonly segments: LogSegment[];
  /** Segments whose tracked state was replayed; their index entries are not yet on disk. */
  readonly replayed: LogSegment[];
  readonly summary: RecoverySummary;
}

export function recoverSegments(options: RecoveryOptions): RecoveredSegments {
  // Compaction interrupted by a crash: roll back or complete its segment swap first (compaction-swap.ts).
  completeInterruptedSwaps(options.dir);
  const bases = segmentBaseOffsets(options.dir);
  const segments: LogSegment[] = [];
  const replayed: LogSegment[] = [];
  let truncatedBytes = 0;
  let rebuiltIndexes = 0;
  for (let i = 0; i < bases.length; i++) {
    const isLast = i === bases.length - 1;
    const segment = LogSegment.open(options.dir, bases[i], options.settings());
    segments.push(segment);
    const fileSize = segment.size;
    const relativeLimit = isLast ? MAX_RELATIVE_OFFSET + 1 : Math.min(bases[i + 1] - bases[i], MAX_RELATIVE_OFFSET + 1);
    const offsetIndexOk = segment.offsetIndex.load(fileSize, relativeLimit);
    // A sealed segment always ends its time index with its maximum, so an empty one lost its entries.
    const timeIndexOk = segment.timeIndex.load(relativeLimit) && (isLast || fileSize === 0 || segment.timeIndex.entryCount > 0);
    if (!offsetIndexOk || !timeIndexOk) {
      rebuiltIndexes++;
      replay(segment, { offset: segment.baseOffset, position: 0 }, true);
      replayed.push(segment);
    } else if (options.cleanShutdown && !isLast) {
      segment.adoptIndexedState(bases[i + 1]);
    } else {
      const from = segment.offsetIndex.last();
      const verifyEveryBatch = isLast && !options.cleanShutdown;
      if (verifyEveryBatch || !replay(segment, from, false)) replay(segment, from, true);
      replayed.push(segment);
    }
    if (segment.size < fileSize) {
      segment.truncateToTracked();
      truncatedBytes += fileSize - segment.size;
      if (!isLast) {
        truncatedBytes += deleteSegmentFiles(options.dir, bases.slice(i + 1));
        break;
      }
    }
  }
  const active = segments.at(-1);
  if (active && !active.isEmpty) active.rollStartMs = rollStartOf(active, options.nowMs);
  return { segments, replayed, summary: { truncatedBytes, rebuiltIndexes } };
}

/**
 * Replays the stored batches from `from` through the segment's tracking. With `verifyEveryBatch` every
 * batch is CRC-checked and tracking stops before the first bad one; otherwise only headers and the final
 * batch's CRC are checked and false means "in doubt, replay verified".
 */
function replay(segment: LogSegment, from: IndexedPosition, verifyEveryBatch: boolean): boolean {
  segment.rewindTo(from.position, from.offset);
  const scanner = segment.scan(from.position, segment.fileSize(), RECOVERY_READ_BYTES);
  let expectedOffset = from.offset;
  let last = null;
  for (let batch = scanner.next(); batch; batch = scanner.next()) {
    const offsetsMakeSense = batch.baseOffset >= expectedOffset
      && batch.lastOffset >= batch.baseOffset
      && batch.lastOffset - segment.baseOffset <= MAX_RELATIVE_OFFSET;
    if (!offsetsMakeSense) return false;
    if (verifyEveryBatch) {
      const bytes = scanner.bytesOf(batch);
      if (!bytes || !batchCrcOf(bytes)) return false;
    }
    segment.track(batch.position, batch.size, batch.baseOffset, batch.lastOffset, batch.maxTimestamp);
    expectedOffset = batch.lastOffset + 1;
    last = batch;
  }
  if (scanner.stop !== 'end') return false;
  return verifyEveryBatch || last === null || batchCrcOf(segment.read(last.position, last.size));
}

/** segment.ms counts from the first batch's timestamp (never from the future), as close as a restart allows. */
function rollStartOf(segment: LogSegment, nowMs: number): number {
  const first = segment.scan(0, segment.size, 256).next();
  return first && first.maxTimestamp >= 0 ? Math.min(first.maxTimestamp, nowMs) : nowMs;
}

/** Base offsets of the segments in `dir`, ascending; removes temp files and indexes without a log. */
function segmentBaseOffsets(dir: string): number[] {
  const names = readdirSync(dir);
  const logs = new Set<number>();
  for (const name of names) {
    const parsed = parseSegmentFileName(name);
    if (parsed && parsed.suffix === LOG_SUFFIX) logs.add(parsed.baseOffset);
  }
  for (const name of names) {
    const parsed = parseSegmentFileName(name);
    const orphanIndex = parsed !== null && parsed.suffix !== LOG_SUFFIX && !logs.has(parsed.baseOffset);
    if (orphanIndex || name.endsWith(TEMP_SUFFIX)) unlinkSync(join(dir, name));
  }
  return [...logs].sort((a, b) => a - b);
}

function deleteSegmentFiles(dir: string, bases: readonly number[]): number {
  let bytes = 0;
  for (const base of bases) {
    const paths = segmentPaths(dir, base);
    for (const path of [paths.log, paths.offsetIndex, paths.timeIndex]) {
      try {
        if (path === paths.log) bytes += statSync(path).size;
        unlinkSync(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }
  return bytes;
}

function batchCrcOf(batch: Buffer): boolean {
  return batchCrcMatches(batch, 0, batch.length);
}
