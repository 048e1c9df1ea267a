/**
 * One compaction pass over one partition: decide whether it is due (compaction-plan.ts), map the keys
 * of the dirty segments to their newest offsets, rewrite the cleanable segments group by group
 * (compaction-groups.ts) keeping what compaction-batch-filter.ts keeps, replace them through the swap
 * protocol (compaction-swap.ts), and checkpoint the new first dirty offset. The active segment is never
 * touched and offsets never change.
 *
 * The pass runs under the partition's maintenance lock (PartitionLog.withSegments), so retention,
 * DeleteRecords and close wait for it while appends and reads go on. A failure before a swap commits
 * discards the cleaned file and leaves the partition online (CompactionAbortedError); a file-system
 * failure after a commit takes the partition offline, and the next start completes the swap.
 */
import { readCleanerCheckpoint, saveCleanerCheckpoint, type CleanerCheckpoint } from './cleaner-checkpoint.ts';
import { filterBatch, type FilterContext } from './compaction-batch-filter.ts';
import { groupSegments, type SegmentGroup } from './compaction-groups.ts';
import { mapSegments, OffsetMap } from './compaction-offset-map.ts';
import { planCompaction, type CompactionTrigger } from './compaction-plan.ts';
import { forEachStoredBatch } from './compaction-segment-reader.ts';
import { CleanedSegmentWriter } from './compaction-segment-writer.ts';
import { commitSwap, finishSwap } from './compaction-swap.ts';
import type { PartitionLog } from './partition-log.ts';
import { LogSegment, type SegmentSettings } from './segment.ts';
import type { SegmentList } from './segment-list.ts';

/** Kafka's log.cleaner.dedupe.buffer.size default. */
export const DEFAULT_DEDUPE_BUFFER_BYTES = 128 * 1024 * 1024;

export interface CompactionOptions {
  readonly nowMs: number;
  /** Memory bound of the key map; a log with more distinct dirty keys is compacted over several passes. */
  readonly dedupeBufferBytes?: number;
  /** Asked between segment groups; true ends the pass early (shutdown). */
  readonly shouldStop?: () => boolean;
}

export interface CompactionResult {
  /** Why the pass ran; null when it was not due and nothing was done. */
  readonly trigger: CompactionTrigger | null;
  /** Dirty bytes / cleanable bytes when the pass started. */
  readonly dirtyRatio: number;
  readonly segmentsRewritten: number;
  readonly segmentsWritten: number;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
  readonly recordsRemoved: number;
  /** The checkpoint after the pass. */
  readonly firstDirtyOffset: number;
}

/** Cleaning gave up before anything changed; the log is as it was. */
export class CompactionAbortedError extends Error {
  override name = 'CompactionAbortedError';
}

/** Null when the log is not compacted, closed or offline. */
export async function compactLog(log: PartitionLog, options: CompactionOptions): Promise<CompactionResult | null> {
  if (!log.config.compact) return null;
  return log.withSegments((segments) => compactSegments(log, segments, options));
}

interface Totals {
  segmentsRewritten: number;
  segmentsWritten: number;
  bytesBefore: number;
  bytesAfter: number;
  recordsRemoved: number;
  deleteHorizonMs: number;
}

async function compactSegments(log: PartitionLog, segments: SegmentList, options: CompactionOptions): Promise<CompactionResult> {
  const config = log.config;
  const checkpoint = orAbort(log, () => readCleanerCheckpoint(log.dir));
  const plan = planCompaction(segments.all(), config, log.logStartOffset, checkpoint, options.nowMs);
  const cleanable = plan.cleanBytes + plan.dirtyBytes;
  const dirtyRatio = cleanable === 0 ? 0 : plan.dirtyBytes / cleanable;
  const totals: Totals = { segmentsRewritten: 0, segmentsWritten: 0, bytesBefore: 0, bytesAfter: 0, recordsRemoved: 0, deleteHorizonMs: -1 };
  if (plan.trigger === null) return resultOf(null, dirtyRatio, totals, checkpoint.firstDirtyOffset);

  const map = new OffsetMap(options.dedupeBufferBytes ?? DEFAULT_DEDUPE_BUFFER_BYTES);
  const mapped = orAbort(log, () => mapSegments(map, plan.cleanable.slice(plan.firstDirtyIndex)));
  const toClean = plan.cleanable.slice(0, plan.firstDirtyIndex + mapped);
  const all = segments.all();
  const followingBaseOffset = all[all.indexOf(toClean[toClean.length - 1]) + 1].baseOffset;
  const context: FilterContext = { map, nowMs: options.nowMs, deleteRetentionMs: config.deleteRetentionMs };
  const settings: SegmentSettings = {
    indexIntervalBytes: config.indexIntervalBytes,
    segmentIndexBytes: config.segmentIndexBytes,
    rollJitterMs: 0,
  };
  let stopped = false;
  for (const group of groupSegments(toClean, followingBaseOffset, config.segmentBytes)) {
    if (options.shouldStop?.()) {
      stopped = true;
      break;
    }
    await cleanGroup(log, segments, group, context, settings, totals);
  }
  const next: CleanerCheckpoint = stopped
    ? { firstDirtyOffset: checkpoint.firstDirtyOffset, deleteHorizonMs: earliest(checkpoint.deleteHorizonMs, totals.deleteHorizonMs) }
    : { firstDirtyOffset: followingBaseOffset, deleteHorizonMs: totals.deleteHorizonMs };
  await orAbort(log, () => saveCleanerCheckpoint(log.dir, next));
  return resultOf(plan.trigger, dirtyRatio, totals, next.firstDirtyOffset);
}

function resultOf(trigger: CompactionTrigger | null, dirtyRatio: number, totals: Totals, firstDirtyOffset: number): CompactionResult {
  const { segmentsRewritten, segmentsWritten, bytesBefore, bytesAfter, recordsRemoved } = totals;
  return { trigger, dirtyRatio, segmentsRewritten, segmentsWritten, bytesBefore, bytesAfter, recordsRemoved, firstDirtyOffset };
}

/** Rewrites one group into one segment, unless that would change nothing. */
async function cleanGroup(
  log: PartitionLog,
  segments: SegmentList,
  group: SegmentGroup,
  context: FilterContext,
  settings: SegmentSettings,
  totals: Totals,
): Promise<void> {
  const baseOffset = group.segments[0].baseOffset;
  let changed = group.segments.length > 1;
  let removed = 0;
  let horizon = -1;
  const writer = orAbort(log, () => new CleanedSegmentWriter(log.dir, baseOffset));
  try {
    for (const segment of group.segments) {
      forEachStoredBatch(segment, (bytes) => {
        const filtered = filterBatch(bytes, context);
        changed ||= filtered.changed;
        removed += filtered.removedRecords;
        horizon = earliest(horizon, filtered.deleteHorizonMs);
        if (filtered.bytes) writer.write(filtered.bytes);
      });
    }
    if (changed) await writer.finish();
    else writer.discard();
  } catch (err) {
    writer.discard();
    throw aborted(log, err);
  }
  totals.deleteHorizonMs = earliest(totals.deleteHorizonMs, horizon);
  if (!changed) return;

  await commitSwap(log.dir, baseOffset, group.endOffset);
  await finishSwap(log.dir, baseOffset, group.endOffset);
  const cleaned = LogSegment.open(log.dir, baseOffset, settings);
  try {
    cleaned.rewindTo(0, baseOffset);
    for (const batch of writer.batches) cleaned.track(batch.position, batch.size, batch.baseOffset, batch.lastOffset, batch.maxTimestamp);
    await cleaned.seal();
    // Its offsets run to the group's end even when the last records were compacted away.
    cleaned.adoptIndexedState(group.endOffset);
  } catch (err) {
    await cleaned.close();
    throw err;
  }
  // One synchronous swap in the list: a read sees either the old segments or the cleaned one, and the
  // old descriptors are closed only once nothing can reach them.
  segments.replace(group.segments, cleaned);
  for (const old of group.segments) await old.close();
  totals.segmentsRewritten += group.segments.length;
  totals.segmentsWritten++;
  totals.bytesBefore += group.segments.reduce((sum, segment) => sum + segment.size, 0);
  totals.bytesAfter += cleaned.size;
  totals.recordsRemoved += removed;
}

/** For steps that leave the log consistent whatever happens: a failure aborts the pass, the partition stays online. */
function orAbort<T>(log: PartitionLog, step: () => T): T {
  try {
    const result = step();
    if (result instanceof Promise) return result.catch((err: unknown) => Promise.reject(aborted(log, err))) as T;
    return result;
  } catch (err) {
    throw aborted(log, err);
  }
}

function aborted(log: PartitionLog, err: unknown): CompactionAbortedError {
  if (err instanceof CompactionAbortedError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new CompactionAbortedError(`compaction of ${log.topic}-${log.partition} aborted: ${reason}`, { cause: err });
}

function earliest(a: number, b: number): number {
  if (a < 0) return b;
  if (b < 0) return a;
  return Math.min(a, b);
}
