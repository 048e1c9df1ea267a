/**
 * Which of the oldest segments retention deletes, Kafka's way: segments wholly below the log start offset
 * (DeleteRecords) always; with cleanup.policy containing 'delete', also segments whose newest timestamp
 * is older than retention.ms and the oldest segments while the rest still hold retention.bytes. Only a
 * prefix of the log is ever deleted. The active segment can be included when it is expired; the caller
 * then rolls first, so idle partitions still age out. A closed segment that compaction emptied holds
 * nothing to retain and never stops the deletion of older-than-retention segments behind it.
 */
import type { LogConfig } from './log-config.ts';
import type { LogSegment } from './segment.ts';

export function deletableSegmentCount(
  segments: readonly LogSegment[],
  config: LogConfig,
  nowMs: number,
  logStartOffset: number,
): number {
  const last = segments.length - 1;
  let count = segmentsBelowLogStart(segments, logStartOffset);
  if (!config.deleteRetention) return count;
  if (config.retentionMs >= 0) {
    count = deletablePrefix(segments, count, (segment) => nowMs - newestTimestamp(segment) > config.retentionMs);
  }
  if (config.retentionBytes >= 0) {
    let remaining = 0;
    for (let i = count; i <= last; i++) remaining += segments[i].size;
    count = deletablePrefix(segments, count, (segment) => {
      if (remaining - segment.size < config.retentionBytes) return false;
      remaining -= segment.size;
      return true;
    });
  }
  return count;
}

/**
 * Extends the deletable prefix from `count` while `deletable` says so of the next non-empty segment.
 * Empty closed segments (left by compaction) are passed over and go with the first deletable one after.
 */
function deletablePrefix(segments: readonly LogSegment[], count: number, deletable: (segment: LogSegment) => boolean): number {
  const last = segments.length - 1;
  for (let i = count; i <= last; i++) {
    if (segments[i].isEmpty) {
      if (i < last) continue;
      break;
    }
    if (!deletable(segments[i])) break;
    count = i + 1;
  }
  return count;
}

/** How many of the oldest segments end at or before the log start offset (never the active one). */
export function segmentsBelowLogStart(segments: readonly LogSegment[], logStartOffset: number): number {
  let count = 0;
  while (count < segments.length - 1 && segments[count + 1].baseOffset <= logStartOffset) count++;
  return count;
}

/** Batches without timestamps fall back to the file's modification time, as Kafka does. */
function newestTimestamp(segment: LogSegment): number {
  return segment.maxTimestamp >= 0 ? segment.maxTimestamp : segment.lastModifiedMs();
}
