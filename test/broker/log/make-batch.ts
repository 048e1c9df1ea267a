/**
 * Test helper: builds valid uncompressed v2 record batches (correct CRC-32C) with N small records, and
 * decodes stored batches back into records so tests can check what a read returned.
 */
import { crc32c } from '@node-rs/crc32';

export interface BatchSpec {
  /** Number of records (default 1). */
  readonly records?: number;
  /** Bytes per record value (default 10); values are `<prefix><index>` padded with '.'. */
  readonly valueBytes?: number;
  readonly valuePrefix?: string;
  /** Timestamp of the first record (default Date.now()). */
  readonly baseTimestamp?: number;
  /** Timestamp increase from one record to the next (default 0). */
  readonly timestampStep?: number;
  /** Explicit per-record timestamps (overrides baseTimestamp/timestampStep). */
  readonly timestamps?: readonly number[];
  /** Extra attribute bits, e.g. a compression codec to test batch-level fallbacks. */
  readonly attributes?: number;
  /** Gives record i the key `<keyPrefix><i>` (compacted topics refuse keyless records); default no key. */
  readonly keyPrefix?: string;
}

export interface DecodedRecord {
  readonly offset: number;
  readonly timestamp: number;
  readonly value: string;
}

export interface DecodedBatch {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly partitionLeaderEpoch: number;
  readonly attributes: number;
  readonly maxTimestamp: number;
  readonly crcValid: boolean;
  readonly records: DecodedRecord[];
}

export function makeBatch(spec: BatchSpec = {}): Buffer {
  const count = spec.timestamps?.length ?? spec.records ?? 1;
  const valueBytes = spec.valueBytes ?? 10;
  const prefix = spec.valuePrefix ?? 'v';
  const timestamps = spec.timestamps
    ?? Array.from({ length: count }, (_, i) => (spec.baseTimestamp ?? Date.now()) + i * (spec.timestampStep ?? 0));
  const baseTimestamp = timestamps[0];
  const records = timestamps.map((timestamp, i) => {
    const value = Buffer.from(`${prefix}${i}`.padEnd(valueBytes, '.').slice(0, Math.max(valueBytes, 1)));
    const key = spec.keyPrefix === undefined ? null : Buffer.from(`${spec.keyPrefix}${i}`);
    const body = Buffer.concat([
      Buffer.from([0]),
      zigzag(timestamp - baseTimestamp),
      zigzag(i),
      ...(key ? [zigzag(key.length), key] : [zigzag(-1)]),
      zigzag(value.length),
      value,
      zigzag(0),
    ]);
    return Buffer.concat([zigzag(body.length), body]);
  });
  const recordBytes = Buffer.concat(records);
  const batch = Buffer.alloc(61 + recordBytes.length);
  batch.writeBigInt64BE(0n, 0);
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeInt32BE(-1, 12);
  batch.writeInt8(2, 16);
  batch.writeInt16BE(spec.attributes ?? 0, 21);
  batch.writeInt32BE(count - 1, 23);
  batch.writeBigInt64BE(BigInt(baseTimestamp), 27);
  batch.writeBigInt64BE(BigInt(Math.max(...timestamps)), 35);
  batch.writeBigInt64BE(-1n, 43);
  batch.writeInt16BE(-1, 51);
  batch.writeInt32BE(-1, 53);
  batch.writeInt32BE(count, 57);
  recordBytes.copy(batch, 61);
  batch.writeUInt32BE(crc32c(batch.subarray(21)), 17);
  return batch;
}

export function decodeBatches(buf: Buffer): DecodedBatch[] {
  const batches: DecodedBatch[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const size = buf.readInt32BE(pos + 8) + 12;
    const batch = buf.subarray(pos, pos + size);
    const baseOffset = Number(batch.readBigInt64BE(0));
    const baseTimestamp = Number(batch.readBigInt64BE(27));
    const attributes = batch.readInt16BE(21);
    const records: DecodedRecord[] = [];
    const cursor = { pos: 61 };
    const count = batch.readInt32BE(57);
    for (let i = 0; i < count && (attributes & 7) === 0; i++) {
      const length = readZigzag(batch, cursor);
      const start = cursor.pos;
      cursor.pos++;
      const timestamp = baseTimestamp + readZigzag(batch, cursor);
      const offset = baseOffset + readZigzag(batch, cursor);
      const keyLength = readZigzag(batch, cursor);
      if (keyLength > 0) cursor.pos += keyLength;
      const valueLength = readZigzag(batch, cursor);
      const value = batch.subarray(cursor.pos, cursor.pos + valueLength).toString();
      records.push({ offset, timestamp, value });
      cursor.pos = start + length;
    }
    batches.push({
      baseOffset,
      lastOffset: baseOffset + batch.readInt32BE(23),
      partitionLeaderEpoch: batch.readInt32BE(12),
      attributes,
      maxTimestamp: Number(batch.readBigInt64BE(35)),
      crcValid: crc32c(batch.subarray(21)) === batch.readUInt32BE(17),
      records,
    });
    pos += size;
  }
  return batches;
}

/** Offsets of every record in the stored batches. */
export function offsetsIn(buf: Buffer): number[] {
  return decodeBatches(buf).flatMap((batch) => batch.records.map((record) => record.offset));
}

function zigzag(value: number): Buffer {
  let raw = value >= 0 ? value * 2 : -value * 2 - 1;
  const bytes: number[] = [];
  while (raw >= 0x80) {
    bytes.push((raw % 128) | 0x80);
    raw = Math.floor(raw / 128);
  }
  bytes.push(raw);
  return Buffer.from(bytes);
}

function readZigzag(buf: Buffer, cursor: { pos: number }): number {
  let raw = 0;
  let scale = 1;
  for (;;) {
    const byte = buf[cursor.pos++];
    raw += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) break;
    scale *= 128;
  }
  return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
}
