/**
 * One record inside a v2 batch (after decompression). Grammar, varints zigzag-encoded:
 *   length varint | attributes i8 | timestampDelta varlong | offsetDelta varint |
 *   keyLength varint | key[keyLength] | valueLength varint | value[valueLength] |
 *   headerCount varint | header*
 *   header = keyLength varint | key utf8[keyLength] | valueLength varint | value[valueLength]
 * length counts the bytes after itself. A negative key or value length means null (Kafka
 * writes -1 and reads any negative as null); a header key may not be null.
 */
import { ProtocolDecodeError, Reader } from '../primitives/reader.ts';
import type { Writer } from '../primitives/writer.ts';

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

/**
 * A record as read from a batch. `offset` is a bigint like every other offset in the broker
 * (int64 on the wire). `timestamp` is epoch milliseconds as a number (exact to ±2^53 ms);
 * in a log-append-time batch it is the batch's maxTimestamp, as Kafka consumers see it.
 * key, value and header values are views into the batch (or its decompressed records), not copies.
 */
export interface DecodedRecord {
  offset: bigint;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
  attributes: number;
}

export interface RecordInput {
  offsetDelta?: number;
  timestamp?: number;
  key: Buffer | null;
  value: Buffer | null;
  headers?: readonly RecordHeader[];
}

export interface RecordContext {
  baseOffset: bigint;
  baseTimestamp: number;
  /** Set for log-append-time batches: every record's timestamp. */
  logAppendTime: number | null;
}

function nullableBytes(r: Reader): Buffer | null {
  const n = r.varint();
  return n < 0 ? null : r.raw(n);
}

/** Reads one record; malformed framing throws ProtocolDecodeError. */
export function readRecord(r: Reader, ctx: RecordContext): DecodedRecord {
  const length = r.varint();
  if (length < 0) throw new ProtocolDecodeError(`negative record length ${length}`);
  const start = r.offset;
  if (length > r.remaining) throw new ProtocolDecodeError(`record length ${length} exceeds the ${r.remaining} bytes left`);
  const end = start + length;
  const body = new Reader(r.buf, start, end);

  const attributes = body.int8();
  const timestampDelta = body.varlong();
  const offsetDelta = body.varint();
  const key = nullableBytes(body);
  const value = nullableBytes(body);
  const headerCount = body.varint();
  if (headerCount < 0) throw new ProtocolDecodeError(`negative header count ${headerCount}`);
  const headers: RecordHeader[] = [];
  for (let i = 0; i < headerCount; i++) {
    const keyLength = body.varint();
    if (keyLength < 0) throw new ProtocolDecodeError(`header ${i} has negative key length ${keyLength}`);
    headers.push({ key: body.raw(keyLength).toString('utf8'), value: nullableBytes(body) });
  }
  if (body.remaining !== 0) {
    throw new ProtocolDecodeError(`record length says ${length} bytes but its fields end after ${length - body.remaining}`);
  }
  r.offset = end;

  return {
    offset: ctx.baseOffset + BigInt(offsetDelta),
    timestamp: ctx.logAppendTime ?? ctx.baseTimestamp + Number(timestampDelta),
    key,
    value,
    headers,
    attributes,
  };
}

function sizeOfUnsignedVarint(v: number): number {
  let n = 1;
  for (let rest = v; rest >= 0x80; rest = Math.floor(rest / 128)) n++;
  return n;
}

function sizeOfVarint(v: number): number {
  return sizeOfUnsignedVarint(v >= 0 ? v * 2 : -v * 2 - 1);
}

function sizeOfVarlong(v: bigint): number {
  let n = 1;
  for (let rest = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n)); rest >= 0x80n; rest >>= 7n) n++;
  return n;
}

function sizeOfNullableBytes(b: Buffer | null): number {
  return b === null ? 1 : sizeOfVarint(b.length) + b.length;
}

function writeNullableBytes(w: Writer, b: Buffer | null): void {
  if (b === null) w.varint(-1);
  else w.varint(b.length).raw(b);
}

/** Writes one record; the length prefix is computed up front so the body is written once. */
export function writeRecord(w: Writer, rec: RecordInput, offsetDelta: number, timestampDelta: bigint): void {
  const headers = rec.headers ?? [];
  const headerKeys = headers.map((h) => Buffer.from(h.key, 'utf8'));
  let length =
    1 +
    sizeOfVarlong(timestampDelta) +
    sizeOfVarint(offsetDelta) +
    sizeOfNullableBytes(rec.key) +
    sizeOfNullableBytes(rec.value) +
    sizeOfVarint(headers.length);
  for (let i = 0; i < headers.length; i++) {
    length += sizeOfNullableBytes(headerKeys[i]) + sizeOfNullableBytes(headers[i].value);
  }

  w.varint(length).int8(0).varlong(timestampDelta).varint(offsetDelta);
  writeNullableBytes(w, rec.key);
  writeNullableBytes(w, rec.value);
  w.varint(headers.length);
  for (let i = 0; i < headers.length; i++) {
    writeNullableBytes(w, headerKeys[i]);
    writeNullableBytes(w, headers[i].value);
  }
}
