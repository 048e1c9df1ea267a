/**
 * Fetch reads without decoding: finds the segment holding the fetch offset (binary search of base
 * offsets), the position of its batch (sparse offset index, then a forward scan of batch headers), and
 * returns whole stored batches up to maxBytes, continuing into the next segments while bytes remain.
 * With minOneMessage a first batch larger than maxBytes is still returned whole so consumers progress.
 */
import { LOG_OVERHEAD, batchSizeAt } from '../protocol/records/batch-header.ts';
import type { LogSegment } from './segment.ts';
import type { SegmentList } from './segment-list.ts';

const EMPTY = Buffer.alloc(0);
const LOCATE_READ_BYTES = 16 * 1024;

export function readBatches(segments: SegmentList, fetchOffset: number, maxBytes: number, minOneMessage: boolean): Buffer {
  const parts: Buffer[] = [];
  let budget = maxBytes;
  let mustReturnOne = minOneMessage;
  let index = segments.floorIndex(fetchOffset);
  let start = locateBatch(segments.at(index), fetchOffset);
  for (; index < segments.count; index++, start = 0) {
    const segment = segments.at(index);
    if (start < 0) continue;
    const part = readWholeBatches(segment, start, budget, mustReturnOne);
    if (part.length > 0) {
      parts.push(part);
      budget -= part.length;
      mustReturnOne = false;
    }
    if (start + part.length < segment.size || budget <= 0) break;
  }
  if (parts.length === 0) return EMPTY;
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

/** Position of the first batch whose last offset is >= offset, or -1 if the segment has none. */
function locateBatch(segment: LogSegment, offset: number): number {
  const scanner = segment.scan(segment.offsetIndex.lookup(offset).position, segment.size, LOCATE_READ_BYTES);
  for (let batch = scanner.next(); batch; batch = scanner.next()) {
    if (batch.lastOffset >= offset) return batch.position;
  }
  return -1;
}

function readWholeBatches(segment: LogSegment, start: number, budget: number, mustReturnOne: boolean): Buffer {
  const available = segment.size - start;
  if (available <= 0) return EMPTY;
  const wanted = Math.min(Math.max(budget, 0), available);
  if (wanted >= LOG_OVERHEAD) {
    const buf = segment.read(start, wanted);
    let end = 0;
    while (end + LOG_OVERHEAD <= buf.length) {
      const size = batchSizeAt(buf, end);
      if (end + size > buf.length) break;
      end += size;
    }
    if (end > 0) return end === buf.length ? buf : buf.subarray(0, end);
  }
  if (!mustReturnOne) return EMPTY;
  const firstSize = batchSizeAt(segment.read(start, LOG_OVERHEAD), 0);
  return segment.read(start, firstSize);
}
