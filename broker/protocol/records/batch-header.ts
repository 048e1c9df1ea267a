/**
 * Record batch v2 header, read in place. Grammar (61 bytes, big-endian):
 *   baseOffset i64 | batchLength i32 | partitionLeaderEpoch i32 | magic i8 | crc u32 |
 *   attributes i16 | lastOffsetDelta i32 | baseTimestamp i64 | maxTimestamp i64 |
 *   producerId i64 | producerEpoch i16 | baseSequence i32 | recordsCount i32 | records...
 * batchLength counts the bytes after the batchLength field. The CRC-32C covers attributes
 * to the end of the batch, so baseOffset and partitionLeaderEpoch can be rewritten freely.
 */
export const BATCH_OVERHEAD = 61;
/** Bytes before batchLength's coverage starts: baseOffset + batchLength. */
export const LOG_OVERHEAD = 12;

export const BatchOffset = Object.freeze({
  baseOffset: 0,
  batchLength: 8,
  partitionLeaderEpoch: 12,
  magic: 16,
  crc: 17,
  attributes: 21,
  lastOffsetDelta: 23,
  baseTimestamp: 27,
  maxTimestamp: 35,
  producerId: 43,
  producerEpoch: 51,
  baseSequence: 53,
  recordsCount: 57,
  records: 61,
});

export const Attribute = Object.freeze({
  compressionMask: 0x07,
  timestampTypeLogAppend: 0x08,
  transactional: 0x10,
  control: 0x20,
  deleteHorizon: 0x40,
});

export const CompressionCodec = Object.freeze({ none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 });

/** The fields of a batch header a broker needs without decoding records. */
export interface BatchHeader {
  baseOffset: bigint;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: bigint;
  maxTimestamp: bigint;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  recordsCount: number;
}

/** Total size on disk/wire of the batch starting at `pos`: batchLength + 12. */
export function batchSizeAt(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos + BatchOffset.batchLength) + LOG_OVERHEAD;
}

export function readBatchHeader(buf: Buffer, pos = 0): BatchHeader {
  return {
    baseOffset: buf.readBigInt64BE(pos + BatchOffset.baseOffset),
    batchLength: buf.readInt32BE(pos + BatchOffset.batchLength),
    partitionLeaderEpoch: buf.readInt32BE(pos + BatchOffset.partitionLeaderEpoch),
    magic: buf.readInt8(pos + BatchOffset.magic),
    crc: buf.readUInt32BE(pos + BatchOffset.crc),
    attributes: buf.readInt16BE(pos + BatchOffset.attributes),
    lastOffsetDelta: buf.readInt32BE(pos + BatchOffset.lastOffsetDelta),
    baseTimestamp: buf.readBigInt64BE(pos + BatchOffset.baseTimestamp),
    maxTimestamp: buf.readBigInt64BE(pos + BatchOffset.maxTimestamp),
    producerId: buf.readBigInt64BE(pos + BatchOffset.producerId),
    producerEpoch: buf.readInt16BE(pos + BatchOffset.producerEpoch),
    baseSequence: buf.readInt32BE(pos + BatchOffset.baseSequence),
    recordsCount: buf.readInt32BE(pos + BatchOffset.recordsCount),
  };
}

/** Rewrites the two fields the broker owns; the CRC stays valid because it does not cover them. */
export function assignBatchOffset(buf: Buffer, pos: number, baseOffset: bigint, leaderEpoch: number): void {
  buf.writeBigInt64BE(baseOffset, pos + BatchOffset.baseOffset);
  buf.writeInt32BE(leaderEpoch, pos + BatchOffset.partitionLeaderEpoch);
}
