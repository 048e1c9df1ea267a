/**
 * Per-record offsets and timestamps of one stored batch, for ListOffsets answers that must name a record
 * rather than a batch. Only the first fields of each record are decoded (length, attributes, timestamp
 * delta, offset delta); key, value and headers are skipped by length. Compressed batches would need
 * decompressing and LogAppendTime batches give every record the batch's maxTimestamp, so for those the
 * answer is null and callers fall back to batch-level values.
 */
import { Attribute, BatchOffset } from '../protocol/records/batch-header.ts';
import { readInt64 } from './int64.ts';

export interface RecordStamp {
  readonly offset: number;
  readonly timestamp: number;
}

/** The first record (offset >= minOffset) accepted by `accept`, null when records are opaque or none match. */
export function findRecord(
  batch: Buffer,
  minOffset: number,
  accept: (timestamp: number) => boolean,
): RecordStamp | null {
  const attributes = batch.readInt16BE(BatchOffset.attributes);
  if ((attributes & Attribute.compressionMask) !== 0 || (attributes & Attribute.timestampTypeLogAppend) !== 0) return null;
  const baseOffset = readInt64(batch, BatchOffset.baseOffset);
  const baseTimestamp = readInt64(batch, BatchOffset.baseTimestamp);
  const count = batch.readInt32BE(BatchOffset.recordsCount);
  const cursor: { pos: number } = { pos: BatchOffset.records };
  for (let i = 0; i < count && cursor.pos < batch.length; i++) {
    const length = readZigZagVarint(batch, cursor);
    const bodyStart = cursor.pos;
    cursor.pos += 1; // attributes
    const timestamp = baseTimestamp + readZigZagVarint(batch, cursor);
    const offset = baseOffset + readZigZagVarint(batch, cursor);
    if (offset >= minOffset && accept(timestamp)) return { offset, timestamp };
    cursor.pos = bodyStart + length;
  }
  return null;
}

/** Varint or varlong (both zigzag); exact while |value| < 2^53, which covers timestamp deltas. */
function readZigZagVarint(buf: Buffer, cursor: { pos: number }): number {
  let raw = 0;
  let scale = 1;
  for (let shift = 0; shift < 70 && cursor.pos < buf.length; shift += 7) {
    const byte = buf[cursor.pos++];
    raw += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) break;
    scale *= 128;
  }
  return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
}
