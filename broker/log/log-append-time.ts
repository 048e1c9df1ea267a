/**
 * message.timestamp.type=LogAppendTime: the broker stamps the batch with its own clock. The timestamp
 * type bit and maxTimestamp sit inside the CRC-covered area, so the CRC is recomputed.
 */
import { Attribute, BatchOffset } from '../protocol/records/batch-header.ts';
import { writeBatchCrc } from '../protocol/records/crc32c.ts';
import { writeInt64 } from './int64.ts';

export function stampLogAppendTime(buf: Buffer, position: number, size: number, timestampMs: number): void {
  const attributes = buf.readInt16BE(position + BatchOffset.attributes);
  buf.writeInt16BE(attributes | Attribute.timestampTypeLogAppend, position + BatchOffset.attributes);
  writeInt64(buf, timestampMs, position + BatchOffset.maxTimestamp);
  writeBatchCrc(buf, position, size);
}
