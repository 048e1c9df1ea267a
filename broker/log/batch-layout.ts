/**
 * Splits an append's buffer into its record batches, reading only headers. The caller has validated the
 * batches (CRC, magic, counts); this checks what the log itself relies on (the framing, so a bad buffer
 * cannot garble the file) and enforces max.message.bytes.
 */
import { ErrorCode, KafkaProtocolError } from '../protocol/error-codes.ts';
import { BATCH_OVERHEAD, BatchOffset, batchSizeAt } from '../protocol/records/batch-header.ts';
import { readInt64 } from './int64.ts';

export interface IncomingBatch {
  readonly position: number;
  readonly size: number;
  readonly lastOffsetDelta: number;
  readonly maxTimestamp: number;
}

export function layoutBatches(buf: Buffer, maxBatchBytes: number): IncomingBatch[] {
  if (buf.length === 0) throw new KafkaProtocolError(ErrorCode.CORRUPT_MESSAGE, 'no record batch to append');
  const batches: IncomingBatch[] = [];
  let position = 0;
  while (position < buf.length) {
    const remaining = buf.length - position;
    if (remaining < BATCH_OVERHEAD) throw corrupt(position, 'truncated batch header');
    const size = batchSizeAt(buf, position);
    if (size < BATCH_OVERHEAD || size > remaining) throw corrupt(position, `batch length ${size} does not fit`);
    if (buf[position + BatchOffset.magic] !== 2) throw corrupt(position, 'magic is not 2');
    const lastOffsetDelta = buf.readInt32BE(position + BatchOffset.lastOffsetDelta);
    if (lastOffsetDelta < 0) throw corrupt(position, `negative lastOffsetDelta ${lastOffsetDelta}`);
    if (size > maxBatchBytes) {
      throw new KafkaProtocolError(
        ErrorCode.MESSAGE_TOO_LARGE,
        `record batch of ${size} bytes exceeds max.message.bytes ${maxBatchBytes}`,
      );
    }
    batches.push({ position, size, lastOffsetDelta, maxTimestamp: readInt64(buf, position + BatchOffset.maxTimestamp) });
    position += size;
  }
  return batches;
}

function corrupt(position: number, reason: string): KafkaProtocolError {
  return new KafkaProtocolError(ErrorCode.CORRUPT_MESSAGE, `record batch at byte ${position}: ${reason}`);
}
