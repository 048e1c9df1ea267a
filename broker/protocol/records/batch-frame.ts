/**
 * The envelope checks any reader makes before trusting a v2 batch's length. The prefix
 * every batch starts with (17 bytes, big-endian):
 *   baseOffset i64 | batchLength i32 | partitionLeaderEpoch i32 | magic i8
 * Legacy message sets (magic 0 and 1: offset i64 | messageSize i32 | crc u32 | magic i8)
 * keep their magic at the same offset 16, so one byte tells the formats apart.
 */
import { ErrorCode, KafkaProtocolError } from '../error-codes.ts';
import { BATCH_OVERHEAD, BatchOffset, LOG_OVERHEAD } from './batch-header.ts';

export const BATCH_PREFIX = BatchOffset.magic + 1;
/** Smallest legal batchLength: a header with no records. */
export const MIN_BATCH_LENGTH = BATCH_OVERHEAD - LOG_OVERHEAD;
export const CURRENT_MAGIC = 2;

/** "batch 3 at byte 1024": where a problem is, for error messages. */
export function batchLocation(pos: number, index?: number): string {
  return index === undefined ? `record batch at byte ${pos}` : `record batch ${index} at byte ${pos}`;
}

export function corruptBatch(pos: number, index: number | undefined, what: string): KafkaProtocolError {
  return new KafkaProtocolError(ErrorCode.CORRUPT_MESSAGE, `${batchLocation(pos, index)}: ${what}`);
}

/** Checks prefix, magic and length bounds of the batch at `pos`; returns its total size in bytes. */
export function checkBatchFrame(buf: Buffer, pos: number, index?: number): number {
  const left = buf.length - pos;
  if (left < BATCH_PREFIX) {
    throw corruptBatch(pos, index, `only ${left} bytes left, fewer than the ${BATCH_PREFIX}-byte batch prefix (truncated batch or trailing garbage)`);
  }
  const magic = buf.readInt8(pos + BatchOffset.magic);
  if (magic === 0 || magic === 1) {
    throw new KafkaProtocolError(
      ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT,
      `${batchLocation(pos, index)}: legacy message set (magic ${magic}); only record batch v2 (magic 2, Kafka 0.11+ clients) is accepted`,
    );
  }
  if (magic !== CURRENT_MAGIC) throw corruptBatch(pos, index, `unknown magic ${magic}, expected ${CURRENT_MAGIC}`);
  const batchLength = buf.readInt32BE(pos + BatchOffset.batchLength);
  if (batchLength < MIN_BATCH_LENGTH) {
    throw corruptBatch(pos, index, `batchLength ${batchLength} is below the ${MIN_BATCH_LENGTH}-byte minimum`);
  }
  const size = batchLength + LOG_OVERHEAD;
  if (size > left) {
    throw corruptBatch(pos, index, `truncated: batchLength ${batchLength} needs ${size} bytes but only ${left} are present`);
  }
  return size;
}
