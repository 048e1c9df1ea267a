/**
 * Full decode and encode of one v2 record batch, for code that must look inside batches
 * (compaction, tools, tests); the produce path uses validate-batches.ts instead. Grammar:
 *   baseOffset i64 | batchLength i32 | partitionLeaderEpoch i32 | magic i8 (=2) | crc u32 |
 *   attributes i16 | lastOffsetDelta i32 | baseTimestamp i64 | maxTimestamp i64 |
 *   producerId i64 | producerEpoch i16 | baseSequence i32 | recordsCount i32 |
 *   records = record[recordsCount], compressed as one blob when attributes & 0x07 != 0
 * Records are described in record.ts; the CRC-32C covers attributes to the end of the batch.
 */
import { ProtocolDecodeError, Reader } from '../primitives/reader.ts';
import { Writer } from '../primitives/writer.ts';
import { Attribute, BATCH_OVERHEAD, BatchOffset, CompressionCodec, LOG_OVERHEAD, readBatchHeader, type BatchHeader } from './batch-header.ts';
import { checkBatchFrame, corruptBatch, CURRENT_MAGIC } from './batch-frame.ts';
import { compress, compressionName, CompressionError, decompress } from './compression.ts';
import { batchCrcMatches, writeBatchCrc } from './crc32c.ts';
import { readRecord, writeRecord, type DecodedRecord, type RecordInput } from './record.ts';

export type TimestampType = 'create' | 'logAppend';

export interface DecodedRecordBatch extends BatchHeader {
  /** Total bytes of the batch; the next batch starts at pos + size. */
  size: number;
  /** A CompressionCodec value. */
  compression: number;
  timestampType: TimestampType;
  isTransactional: boolean;
  isControl: boolean;
  records: DecodedRecord[];
}

export interface EncodeRecordBatchOptions {
  /** Default 0n, what producers send; the broker assigns the real offset on append. */
  baseOffset?: bigint;
  /** Default -1 (no epoch), what producers send. */
  partitionLeaderEpoch?: number;
  /** A CompressionCodec value; default none. */
  compression?: number;
  /** Default 'create'. */
  timestampType?: TimestampType;
  producerId?: bigint;
  producerEpoch?: number;
  baseSequence?: number;
  transactional?: boolean;
  control?: boolean;
  /** Default: the smallest record timestamp. */
  baseTimestamp?: number;
  /** Default: the largest record timestamp (-1 for an empty batch). Log-append batches pass the append time. */
  maxTimestamp?: number;
  /** Default: the last record's offsetDelta. Compaction keeps the original when it drops trailing records. */
  lastOffsetDelta?: number;
  /** offsetDelta defaults to previous + 1; timestamp to baseTimestamp, else the current time. */
  records: readonly RecordInput[];
}

function decodeRecords(buf: Buffer, pos: number, header: BatchHeader, size: number): DecodedRecord[] {
  const codec = header.attributes & Attribute.compressionMask;
  const start = pos + BATCH_OVERHEAD;
  const end = pos + size;
  let r: Reader;
  let where = '';
  if (codec === CompressionCodec.none) {
    // Read in place so error offsets are positions in `buf`.
    r = new Reader(buf, start, end);
  } else {
    try {
      r = new Reader(decompress(codec, buf.subarray(start, end)));
    } catch (err) {
      if (err instanceof CompressionError) throw corruptBatch(pos, undefined, err.message);
      throw err;
    }
    where = ` (offsets within the ${compressionName(codec)}-decompressed records)`;
  }
  const logAppend = (header.attributes & Attribute.timestampTypeLogAppend) !== 0;
  const ctx = {
    baseOffset: header.baseOffset,
    baseTimestamp: Number(header.baseTimestamp),
    logAppendTime: logAppend ? Number(header.maxTimestamp) : null,
  };
  const records: DecodedRecord[] = [];
  try {
    while (records.length < header.recordsCount) records.push(readRecord(r, ctx));
  } catch (err) {
    if (err instanceof ProtocolDecodeError) throw corruptBatch(pos, undefined, `record ${records.length}: ${err.message}${where}`);
    throw err;
  }
  if (r.remaining !== 0) {
    throw corruptBatch(pos, undefined, `${r.remaining} bytes remain after the ${header.recordsCount} records the header declares${where}`);
  }
  return records;
}

/**
 * Decodes the batch at `pos`: checks framing and CRC, decompresses, and parses every record.
 * Anything malformed throws KafkaProtocolError (CORRUPT_MESSAGE; legacy magic 0/1
 * UNSUPPORTED_FOR_MESSAGE_FORMAT).
 */
export function decodeRecordBatch(buf: Buffer, pos = 0): DecodedRecordBatch {
  const size = checkBatchFrame(buf, pos);
  if (!batchCrcMatches(buf, pos, size)) throw corruptBatch(pos, undefined, 'CRC-32C mismatch');
  const header = readBatchHeader(buf, pos);
  if (header.recordsCount < 0) throw corruptBatch(pos, undefined, `negative recordsCount ${header.recordsCount}`);
  return {
    ...header,
    size,
    compression: header.attributes & Attribute.compressionMask,
    timestampType: (header.attributes & Attribute.timestampTypeLogAppend) !== 0 ? 'logAppend' : 'create',
    isTransactional: (header.attributes & Attribute.transactional) !== 0,
    isControl: (header.attributes & Attribute.control) !== 0,
    records: decodeRecords(buf, pos, header, size),
  };
}

function recordTimestamps(opts: EncodeRecordBatchOptions): number[] {
  let now: number | undefined;
  return opts.records.map((rec) => rec.timestamp ?? opts.baseTimestamp ?? (now ??= Date.now()));
}

function attributesOf(opts: EncodeRecordBatchOptions, codec: number): number {
  return (
    codec |
    (opts.timestampType === 'logAppend' ? Attribute.timestampTypeLogAppend : 0) |
    (opts.transactional ? Attribute.transactional : 0) |
    (opts.control ? Attribute.control : 0)
  );
}

/** Encodes a complete batch with lengths, lastOffsetDelta, maxTimestamp and CRC-32C filled in. */
export function encodeRecordBatch(opts: EncodeRecordBatchOptions): Buffer {
  const { records } = opts;
  const codec = opts.compression ?? CompressionCodec.none;
  const timestamps = recordTimestamps(opts);
  let minTimestamp = Infinity;
  let maxTimestamp = -Infinity;
  for (const t of timestamps) {
    if (!Number.isSafeInteger(t)) throw new RangeError(`record timestamp ${t} is not a safe integer`);
    if (t < minTimestamp) minTimestamp = t;
    if (t > maxTimestamp) maxTimestamp = t;
  }
  const baseTimestamp = opts.baseTimestamp ?? (records.length > 0 ? minTimestamp : -1);

  const w = new Writer(1024 + records.length * 32);
  let offsetDelta = -1;
  for (let i = 0; i < records.length; i++) {
    const next = records[i].offsetDelta ?? offsetDelta + 1;
    if (!Number.isInteger(next) || next <= offsetDelta || next > 0x7fff_ffff) {
      throw new RangeError(`record ${i}: offsetDelta ${next} must be an int32 greater than the previous ${offsetDelta}`);
    }
    offsetDelta = next;
    writeRecord(w, records[i], offsetDelta, BigInt(timestamps[i] - baseTimestamp));
  }
  const lastOffsetDelta = opts.lastOffsetDelta ?? Math.max(offsetDelta, 0);
  if (lastOffsetDelta < offsetDelta) {
    throw new RangeError(`lastOffsetDelta ${lastOffsetDelta} is below the last record's offsetDelta ${offsetDelta}`);
  }

  const chunks = w.toChunks();
  const body = codec === CompressionCodec.none ? chunks : [compress(codec, Buffer.concat(chunks))];
  let bodyLength = 0;
  for (const c of body) bodyLength += c.length;

  const size = BATCH_OVERHEAD + bodyLength;
  const out = Buffer.allocUnsafe(size);
  out.writeBigInt64BE(BigInt.asIntN(64, opts.baseOffset ?? 0n), BatchOffset.baseOffset);
  out.writeInt32BE(size - LOG_OVERHEAD, BatchOffset.batchLength);
  out.writeInt32BE(opts.partitionLeaderEpoch ?? -1, BatchOffset.partitionLeaderEpoch);
  out.writeInt8(CURRENT_MAGIC, BatchOffset.magic);
  out.writeInt16BE(attributesOf(opts, codec), BatchOffset.attributes);
  out.writeInt32BE(lastOffsetDelta, BatchOffset.lastOffsetDelta);
  out.writeBigInt64BE(BigInt(baseTimestamp), BatchOffset.baseTimestamp);
  out.writeBigInt64BE(BigInt(opts.maxTimestamp ?? (records.length > 0 ? maxTimestamp : -1)), BatchOffset.maxTimestamp);
  out.writeBigInt64BE(BigInt.asIntN(64, opts.producerId ?? -1n), BatchOffset.producerId);
  out.writeInt16BE(opts.producerEpoch ?? -1, BatchOffset.producerEpoch);
  out.writeInt32BE(opts.baseSequence ?? -1, BatchOffset.baseSequence);
  out.writeInt32BE(records.length, BatchOffset.recordsCount);
  let at = BatchOffset.records;
  for (const c of body) at += c.copy(out, at);
  writeBatchCrc(out, 0, size);
  return out;
}
