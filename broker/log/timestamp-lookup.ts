/**
 * ListOffsets answers from the stored log. By timestamp: the first offset whose record timestamp is
 * >= target, found via the time index, a scan of batch maxTimestamps, then the records of the matching
 * batch. Max timestamp: the first record carrying the log's largest timestamp.
 *
 * Inside compressed batches records cannot be read without decompressing, so there the answer is
 * batch-level: by-timestamp gives the batch's base offset (or the log start offset), max-timestamp gives
 * the batch's last offset; both report the batch's maxTimestamp. LogAppendTime batches need no such
 * approximation: every record carries the batch's maxTimestamp.
 */
import { Attribute } from '../protocol/records/batch-header.ts';
import type { StoredBatch } from './batch-scanner.ts';
import { findRecord } from './record-timestamps.ts';
import type { LogSegment } from './segment.ts';

export interface OffsetAndTimestamp {
  readonly offset: number;
  readonly timestamp: number;
}

/** The special timestamps of a ListOffsets request. */
export const ListOffsetsTimestamp = Object.freeze({
  LATEST: -1,
  EARLIEST: -2,
  MAX_TIMESTAMP: -3,
  EARLIEST_LOCAL: -4,
  LATEST_TIERED: -5,
});

export const NO_OFFSET: OffsetAndTimestamp = Object.freeze({ offset: -1, timestamp: -1 });

export function offsetForTimestamp(
  segments: readonly LogSegment[],
  targetMs: number,
  logStartOffset: number,
): OffsetAndTimestamp {
  for (const segment of segments) {
    if (segment.maxTimestamp < targetMs || segment.nextOffset <= logStartOffset) continue;
    const from = Math.max(segment.timeIndex.scanStartFor(targetMs), logStartOffset);
    const scanner = segment.scan(segment.offsetIndex.lookup(from).position);
    for (let batch = scanner.next(); batch; batch = scanner.next()) {
      if (batch.lastOffset < logStartOffset || batch.maxTimestamp < targetMs) continue;
      const bytes = scanner.bytesOf(batch);
      if (bytes === null || !recordsReadable(batch)) {
        return { offset: Math.max(batch.baseOffset, logStartOffset), timestamp: batch.maxTimestamp };
      }
      const record = findRecord(bytes, logStartOffset, (timestamp) => timestamp >= targetMs);
      if (record) return record;
    }
  }
  return NO_OFFSET;
}

export function maxTimestampOffset(segments: readonly LogSegment[]): OffsetAndTimestamp {
  let newest: LogSegment | null = null;
  for (const segment of segments) {
    if (segment.maxTimestamp > (newest?.maxTimestamp ?? -1)) newest = segment;
  }
  if (newest === null) return NO_OFFSET;
  const timestamp = newest.maxTimestamp;
  const batchOffset = newest.offsetOfMaxTimestamp;
  const scanner = newest.scan(newest.offsetIndex.lookup(batchOffset).position);
  for (let batch = scanner.next(); batch; batch = scanner.next()) {
    if (batch.lastOffset < batchOffset) continue;
    if (!recordsReadable(batch)) {
      const logAppendTime = (batch.attributes & Attribute.timestampTypeLogAppend) !== 0;
      return { offset: logAppendTime ? batch.baseOffset : batch.lastOffset, timestamp };
    }
    const bytes = scanner.bytesOf(batch);
    const record = bytes && findRecord(bytes, 0, (recordTimestamp) => recordTimestamp === timestamp);
    return record ?? { offset: batch.lastOffset, timestamp };
  }
  return NO_OFFSET;
}

function recordsReadable(batch: StoredBatch): boolean {
  return (batch.attributes & (Attribute.compressionMask | Attribute.timestampTypeLogAppend)) === 0;
}
