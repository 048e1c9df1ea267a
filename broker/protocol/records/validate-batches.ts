/**
 * Produce-path validation: splits a partition's `records` bytes (concatenated v2 batches)
 * and checks each batch's envelope, CRC and header invariants without decoding records,
 * so the broker can append the bytes as they came. Grammar walked:
 *   records = batch+
 *   batch   = baseOffset i64 | batchLength i32 | partitionLeaderEpoch i32 | magic i8 (=2) |
 *             crc u32 | attributes i16 | ... (see batch-header.ts) | records[batchLength - 49]
 */
import { ErrorCode, KafkaProtocolError } from '../error-codes.ts';
import { Attribute, BATCH_OVERHEAD, BatchOffset } from './batch-header.ts';
import { batchLocation, checkBatchFrame, corruptBatch } from './batch-frame.ts';
import { isKnownCompression } from './compression.ts';
import { batchCrcMatches } from './crc32c.ts';

/** Smallest possible record: length, attributes, timestampDelta, offsetDelta, key, value, headerCount — one byte each. */
const MIN_RECORD_BYTES = 7;

export interface ValidatedBatch {
  /** Byte offset of the batch within the `records` buffer. */
  position: number;
  /** Total bytes of the batch, including baseOffset and batchLength. */
  size: number;
  lastOffsetDelta: number;
  recordsCount: number;
  /** Epoch milliseconds; exact up to ±2^53. */
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  isTransactional: boolean;
  /** A CompressionCodec value (0..4). */
  compression: number;
}

export interface ValidateBatchesOptions {
  /** Largest batch accepted, counted as the whole batch (max.message.bytes). */
  maxBatchBytes: number;
}

/** int64 read as a JS number without allocating a BigInt. */
function readInt64AsNumber(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * 0x1_0000_0000 + buf.readUInt32BE(at + 4);
}

function invalidRecord(pos: number, index: number, what: string): KafkaProtocolError {
  return new KafkaProtocolError(ErrorCode.INVALID_RECORD, `${batchLocation(pos, index)}: ${what}`);
}

// Check order follows Kafka's: framing, then size, then CRC, then header invariants.
function validateOne(records: Buffer, pos: number, index: number, opts: ValidateBatchesOptions): ValidatedBatch {
  const size = checkBatchFrame(records, pos, index);
  if (size > opts.maxBatchBytes) {
    throw new KafkaProtocolError(
      ErrorCode.MESSAGE_TOO_LARGE,
      `${batchLocation(pos, index)}: ${size} bytes exceeds the ${opts.maxBatchBytes}-byte limit`,
    );
  }
  if (!batchCrcMatches(records, pos, size)) {
    throw corruptBatch(pos, index, `CRC-32C mismatch (stored 0x${records.readUInt32BE(pos + BatchOffset.crc).toString(16).padStart(8, '0')})`);
  }

  const attributes = records.readInt16BE(pos + BatchOffset.attributes);
  const lastOffsetDelta = records.readInt32BE(pos + BatchOffset.lastOffsetDelta);
  const recordsCount = records.readInt32BE(pos + BatchOffset.recordsCount);
  if (recordsCount < 1) throw corruptBatch(pos, index, `recordsCount ${recordsCount}; a produced batch needs at least one record`);
  if (recordsCount !== lastOffsetDelta + 1) {
    throw corruptBatch(pos, index, `recordsCount ${recordsCount} does not match lastOffsetDelta ${lastOffsetDelta} + 1`);
  }
  const compression = attributes & Attribute.compressionMask;
  if (!isKnownCompression(compression)) throw corruptBatch(pos, index, `unknown compression codec ${compression}`);
  // An uncompressed batch cannot hold more records than its bytes allow; catches a lying count for free.
  if (compression === 0 && recordsCount * MIN_RECORD_BYTES > size - BATCH_OVERHEAD) {
    throw corruptBatch(pos, index, `recordsCount ${recordsCount} cannot fit in ${size - BATCH_OVERHEAD} bytes of uncompressed records`);
  }
  if ((attributes & Attribute.control) !== 0) throw invalidRecord(pos, index, 'clients may not write control batches');

  const producerId = records.readBigInt64BE(pos + BatchOffset.producerId);
  const baseSequence = records.readInt32BE(pos + BatchOffset.baseSequence);
  if (producerId >= 0n && baseSequence < 0) {
    throw invalidRecord(pos, index, `baseSequence ${baseSequence} is invalid for producerId ${producerId}`);
  }

  return {
    position: pos,
    size,
    lastOffsetDelta,
    recordsCount,
    baseTimestamp: readInt64AsNumber(records, pos + BatchOffset.baseTimestamp),
    maxTimestamp: readInt64AsNumber(records, pos + BatchOffset.maxTimestamp),
    producerId,
    producerEpoch: records.readInt16BE(pos + BatchOffset.producerEpoch),
    baseSequence,
    isTransactional: (attributes & Attribute.transactional) !== 0,
    compression,
  };
}

/**
 * Walks every batch in a produce request's `records` bytes. Throws KafkaProtocolError with the
 * code the partition's response should carry; the message names the batch index and byte position.
 */
export function splitAndValidateBatches(records: Buffer, opts: ValidateBatchesOptions): ValidatedBatch[] {
  if (records.length === 0) {
    throw new KafkaProtocolError(ErrorCode.CORRUPT_MESSAGE, 'produce records are empty; at least one record batch is required');
  }
  const batches: ValidatedBatch[] = [];
  let pos = 0;
  while (pos < records.length) {
    const batch = validateOne(records, pos, batches.length, opts);
    batches.push(batch);
    pos += batch.size;
  }
  return batches;
}
