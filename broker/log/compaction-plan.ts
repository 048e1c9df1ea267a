/**
 * Whether a compacted log needs cleaning now, and which segments a pass may rewrite.
 *
 * The cleanable part runs from the segment holding the log start offset up to the first uncleanable
 * segment: the active one, or an earlier one whose newest record is younger than min.compaction.lag.ms
 * (that segment and everything after it wait). The checkpoint's first dirty offset splits it into a
 * clean head, already compacted, and a dirty tail. A pass runs when
 *   - dirty bytes / cleanable bytes reaches min.cleanable.dirty.ratio (and some bytes are dirty), or
 *   - the first dirty segment's first batch is older than max.compaction.lag.ms, or
 *   - the earliest delete horizon of the kept tombstones has passed, so a pass would remove some.
 * Sizes are counted per whole segment; a segment that holds the first dirty offset counts as dirty.
 */
import type { CleanerCheckpoint } from './cleaner-checkpoint.ts';
import type { LogConfig } from './log-config.ts';
import type { LogSegment } from './segment.ts';

export type CompactionTrigger = 'dirty-ratio' | 'max-compaction-lag' | 'delete-horizon';

export interface CompactionPlan {
  /** Closed segments a pass may rewrite, oldest first. */
  readonly cleanable: readonly LogSegment[];
  /** Index in `cleanable` of the first dirty segment (cleanable.length when none is dirty). */
  readonly firstDirtyIndex: number;
  readonly cleanBytes: number;
  readonly dirtyBytes: number;
  /** Why a pass should run now; null when it should not. */
  readonly trigger: CompactionTrigger | null;
}

/** `segments` is the whole log, active segment last. */
export function planCompaction(
  segments: readonly LogSegment[],
  config: LogConfig,
  logStartOffset: number,
  checkpoint: CleanerCheckpoint,
  nowMs: number,
): CompactionPlan {
  const logEndOffset = segments[segments.length - 1].nextOffset;
  // A checkpoint beyond the log end belongs to data that recovery cut off; new data there is dirty.
  const firstDirtyOffset = checkpoint.firstDirtyOffset > logEndOffset
    ? logStartOffset
    : Math.max(checkpoint.firstDirtyOffset, logStartOffset);
  let start = 0;
  while (start < segments.length - 1 && segments[start + 1].baseOffset <= logStartOffset) start++;
  let firstDirty = start;
  while (firstDirty < segments.length - 1 && segments[firstDirty + 1].baseOffset <= firstDirtyOffset) firstDirty++;
  let end = segments.length - 1;
  if (config.minCompactionLagMs > 0) {
    for (let i = firstDirty; i < end; i++) {
      if (nowMs - newestTimestamp(segments[i]) < config.minCompactionLagMs) {
        end = i;
        break;
      }
    }
  }
  const cleanable = segments.slice(start, end);
  const firstDirtyIndex = Math.min(firstDirty - start, cleanable.length);
  let cleanBytes = 0;
  let dirtyBytes = 0;
  cleanable.forEach((segment, i) => {
    if (i < firstDirtyIndex) cleanBytes += segment.size;
    else dirtyBytes += segment.size;
  });
  const plan = { cleanable, firstDirtyIndex, cleanBytes, dirtyBytes };
  return { ...plan, trigger: cleanable.length === 0 ? null : triggerOf(plan, config, checkpoint, nowMs) };
}

function triggerOf(
  plan: Omit<CompactionPlan, 'trigger'>,
  config: LogConfig,
  checkpoint: CleanerCheckpoint,
  nowMs: number,
): CompactionTrigger | null {
  const { cleanable, firstDirtyIndex, cleanBytes, dirtyBytes } = plan;
  if (dirtyBytes > 0 && dirtyBytes / (cleanBytes + dirtyBytes) >= config.minCleanableDirtyRatio) return 'dirty-ratio';
  if (dirtyBytes > 0) {
    const firstBatchTimestamp = firstBatchTimestampOf(cleanable[firstDirtyIndex]);
    if (firstBatchTimestamp >= 0 && nowMs - firstBatchTimestamp > config.maxCompactionLagMs) return 'max-compaction-lag';
  }
  if (checkpoint.deleteHorizonMs >= 0 && nowMs >= checkpoint.deleteHorizonMs) return 'delete-horizon';
  return null;
}

/** Segments without record timestamps fall back to the file's modification time, as in retention. */
function newestTimestamp(segment: LogSegment): number {
  return segment.maxTimestamp >= 0 ? segment.maxTimestamp : segment.lastModifiedMs();
}

function firstBatchTimestampOf(segment: LogSegment): number {
  return segment.scan(0, segment.size, 256).next()?.maxTimestamp ?? -1;
}
