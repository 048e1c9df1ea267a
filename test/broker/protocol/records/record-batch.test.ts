import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../broker/protocol/error-codes.ts';
import { BatchOffset, CompressionCodec, readBatchHeader } from '../../../../broker/protocol/records/batch-header.ts';
import { batchCrcMatches, writeBatchCrc } from '../../../../broker/protocol/records/crc32c.ts';
import { compress } from '../../../../broker/protocol/records/compression.ts';
import type { RecordInput } from '../../../../broker/protocol/records/record.ts';
import { decodeRecordBatch, encodeRecordBatch } from '../../../../broker/protocol/records/record-batch.ts';
import { expectProtocolError } from './expect-protocol-error.ts';

const T0 = 1_700_000_000_000;

function mixedRecords(): RecordInput[] {
  return [
    { key: Buffer.from('k0'), value: Buffer.from('v0'), timestamp: T0, headers: [{ key: 'trace', value: Buffer.from('abc') }] },
    { key: null, value: Buffer.from('no key'), timestamp: T0 + 5 },
    { key: Buffer.from('tombstone'), value: null, timestamp: T0 + 3 },
    { key: null, value: null, timestamp: T0 - 2 },
    { key: Buffer.alloc(0), value: Buffer.alloc(0), timestamp: T0 + 1 },
    {
      key: Buffer.from('h'),
      value: Buffer.alloc(10_000, 0x61), // above the Writer's large-chunk threshold
      timestamp: T0 + 9,
      headers: [
        { key: 'ünïcode-kéy', value: null },
        { key: '', value: Buffer.alloc(0) },
        { key: 'dup', value: Buffer.from('1') },
        { key: 'dup', value: Buffer.from('2') },
      ],
    },
  ];
}

describe('encodeRecordBatch / decodeRecordBatch', () => {
  for (const [name, codec] of Object.entries(CompressionCodec)) {
    it(`round trips records with ${name}`, () => {
      const input = mixedRecords();
      const buf = encodeRecordBatch({
        baseOffset: 1000n,
        partitionLeaderEpoch: 4,
        compression: codec,
        producerId: 77n,
        producerEpoch: 3,
        baseSequence: 12,
        records: input,
      });
      const batch = decodeRecordBatch(buf);

      expect(batch.size).toBe(buf.length);
      expect(batch.batchLength).toBe(buf.length - 12);
      expect(batch.magic).toBe(2);
      expect(batch.baseOffset).toBe(1000n);
      expect(batch.partitionLeaderEpoch).toBe(4);
      expect(batch.compression).toBe(codec);
      expect(batch.attributes).toBe(codec);
      expect(batch.timestampType).toBe('create');
      expect(batch.isTransactional).toBe(false);
      expect(batch.isControl).toBe(false);
      expect(batch.lastOffsetDelta).toBe(5);
      expect(batch.recordsCount).toBe(6);
      expect(batch.baseTimestamp).toBe(BigInt(T0 - 2));
      expect(batch.maxTimestamp).toBe(BigInt(T0 + 9));
      expect(batch.producerId).toBe(77n);
      expect(batch.producerEpoch).toBe(3);
      expect(batch.baseSequence).toBe(12);
      expect(batchCrcMatches(buf, 0, buf.length)).toBe(true);

      expect(batch.records.map((r) => r.offset)).toEqual([1000n, 1001n, 1002n, 1003n, 1004n, 1005n]);
      expect(batch.records.map((r) => r.timestamp)).toEqual([T0, T0 + 5, T0 + 3, T0 - 2, T0 + 1, T0 + 9]);
      expect(batch.records.map((r) => r.attributes)).toEqual([0, 0, 0, 0, 0, 0]);
      expect(batch.records.map((r) => r.key?.toString() ?? null)).toEqual(['k0', null, 'tombstone', null, '', 'h']);
      expect(batch.records.map((r) => r.value?.length ?? null)).toEqual([2, 6, null, null, 0, 10_000]);
      expect(batch.records[5].value!.equals(Buffer.alloc(10_000, 0x61))).toBe(true);
      expect(batch.records[0].headers).toEqual([{ key: 'trace', value: Buffer.from('abc') }]);
      expect(batch.records[1].headers).toEqual([]);
      expect(batch.records[5].headers).toEqual([
        { key: 'ünïcode-kéy', value: null },
        { key: '', value: Buffer.alloc(0) },
        { key: 'dup', value: Buffer.from('1') },
        { key: 'dup', value: Buffer.from('2') },
      ]);
    });

    it(`round trips 20,000 records of 100 bytes with ${name}`, () => {
      const records: RecordInput[] = [];
      for (let i = 0; i < 20_000; i++) {
        records.push({ key: Buffer.from(`key-${i}`), value: Buffer.alloc(100, i % 251), timestamp: T0 + i });
      }
      const buf = encodeRecordBatch({ compression: codec, records });
      if (codec !== CompressionCodec.none) expect(buf.length).toBeLessThan(20_000 * 100);
      const batch = decodeRecordBatch(buf);
      expect(batch.recordsCount).toBe(20_000);
      expect(batch.lastOffsetDelta).toBe(19_999);
      expect(batch.maxTimestamp).toBe(BigInt(T0 + 19_999));
      expect(batch.records.length).toBe(20_000);
      for (const i of [0, 1, 250, 251, 12_345, 19_999]) {
        const r = batch.records[i];
        expect(r.offset).toBe(BigInt(i));
        expect(r.timestamp).toBe(T0 + i);
        expect(r.key!.toString()).toBe(`key-${i}`);
        expect(r.value!.equals(Buffer.alloc(100, i % 251))).toBe(true);
      }
    });
  }

  it('writes the exact record bytes of the wire grammar', () => {
    const buf = encodeRecordBatch({ baseTimestamp: T0, records: [{ key: null, value: Buffer.from('a'), timestamp: T0 }] });
    // length 7 | attributes 0 | timestampDelta 0 | offsetDelta 0 | key -1 | value len 1 'a' | 0 headers
    expect([...buf.subarray(BatchOffset.records)]).toEqual([0x0e, 0x00, 0x00, 0x00, 0x01, 0x02, 0x61, 0x00]);
    expect(buf.length).toBe(61 + 8);
    expect(buf.readInt32BE(BatchOffset.batchLength)).toBe(61 + 8 - 12);
    expect(buf.readInt32BE(BatchOffset.partitionLeaderEpoch)).toBe(-1);
    expect(buf.readBigInt64BE(BatchOffset.producerId)).toBe(-1n);
    expect(buf.readInt16BE(BatchOffset.producerEpoch)).toBe(-1);
    expect(buf.readInt32BE(BatchOffset.baseSequence)).toBe(-1);
  });

  it('sets the attribute bits for timestamp type, transactional and control', () => {
    const buf = encodeRecordBatch({
      compression: CompressionCodec.lz4,
      timestampType: 'logAppend',
      transactional: true,
      control: true,
      records: [{ key: Buffer.from([0, 0, 0, 1]), value: Buffer.from([0, 0, 0, 0, 0, 0]) }],
    });
    const h = readBatchHeader(buf);
    expect(h.attributes).toBe(0x08 | 0x10 | 0x20 | 3);
    const batch = decodeRecordBatch(buf);
    expect(batch.timestampType).toBe('logAppend');
    expect(batch.isTransactional).toBe(true);
    expect(batch.isControl).toBe(true);
  });

  it('reports the batch maxTimestamp as every record timestamp under log-append time', () => {
    const buf = encodeRecordBatch({
      timestampType: 'logAppend',
      maxTimestamp: T0 + 60_000,
      records: [
        { key: null, value: Buffer.from('x'), timestamp: T0 },
        { key: null, value: Buffer.from('y'), timestamp: T0 + 10 },
      ],
    });
    expect(decodeRecordBatch(buf).records.map((r) => r.timestamp)).toEqual([T0 + 60_000, T0 + 60_000]);
  });

  it('keeps explicit offset deltas and a lastOffsetDelta beyond the last record (compacted batch)', () => {
    const buf = encodeRecordBatch({
      baseOffset: 50n,
      lastOffsetDelta: 9,
      records: [
        { offsetDelta: 2, key: Buffer.from('a'), value: null, timestamp: T0 },
        { offsetDelta: 7, key: Buffer.from('b'), value: null, timestamp: T0 + 1_000_000_000_000 },
        { key: Buffer.from('c'), value: null, timestamp: T0 },
      ],
    });
    const batch = decodeRecordBatch(buf);
    expect(batch.lastOffsetDelta).toBe(9);
    expect(batch.recordsCount).toBe(3);
    expect(batch.records.map((r) => r.offset)).toEqual([52n, 57n, 58n]);
    expect(batch.records[1].timestamp).toBe(T0 + 1_000_000_000_000); // delta needs a full varlong
  });

  it('defaults missing record timestamps to baseTimestamp', () => {
    const buf = encodeRecordBatch({ baseTimestamp: T0, records: [{ key: null, value: null }, { key: null, value: null, timestamp: T0 + 4 }] });
    const batch = decodeRecordBatch(buf);
    expect(batch.baseTimestamp).toBe(BigInt(T0));
    expect(batch.maxTimestamp).toBe(BigInt(T0 + 4));
    expect(batch.records.map((r) => r.timestamp)).toEqual([T0, T0 + 4]);
  });

  it('encodes timestamps before baseTimestamp as negative deltas', () => {
    const buf = encodeRecordBatch({
      baseTimestamp: T0,
      records: [
        { key: null, value: null, timestamp: T0 - 1 },
        { key: null, value: null, timestamp: T0 - 1_000_000_000_000 },
      ],
    });
    // first record: zigzag(-1) = 1 as its timestampDelta, right after length and attributes
    expect(buf[BatchOffset.records + 2]).toBe(0x01);
    const batch = decodeRecordBatch(buf);
    expect(batch.baseTimestamp).toBe(BigInt(T0));
    expect(batch.maxTimestamp).toBe(BigInt(T0 - 1));
    expect(batch.records.map((r) => r.timestamp)).toEqual([T0 - 1, T0 - 1_000_000_000_000]);
  });

  it('encodes an empty batch', () => {
    const buf = encodeRecordBatch({ baseOffset: 9n, lastOffsetDelta: 3, records: [] });
    expect(buf.length).toBe(61);
    const batch = decodeRecordBatch(buf);
    expect(batch.recordsCount).toBe(0);
    expect(batch.lastOffsetDelta).toBe(3);
    expect(batch.maxTimestamp).toBe(-1n);
    expect(batch.records).toEqual([]);
  });

  it('rejects offset deltas that do not increase', () => {
    const r = (offsetDelta: number): RecordInput => ({ offsetDelta, key: null, value: null });
    expect(() => encodeRecordBatch({ records: [r(3), r(3)] })).toThrow(RangeError);
    expect(() => encodeRecordBatch({ records: [r(-1)] })).toThrow('record 0: offsetDelta -1');
    expect(() => encodeRecordBatch({ lastOffsetDelta: 1, records: [r(0), r(4)] })).toThrow(RangeError);
  });

  it('decodes a batch at a position inside a larger buffer', () => {
    const first = encodeRecordBatch({ baseOffset: 0n, records: [{ key: null, value: Buffer.from('one') }] });
    const second = encodeRecordBatch({ baseOffset: 1n, compression: CompressionCodec.gzip, records: [{ key: null, value: Buffer.from('two') }] });
    const both = Buffer.concat([first, second]);
    const a = decodeRecordBatch(both, 0);
    expect(a.size).toBe(first.length);
    const b = decodeRecordBatch(both, a.size);
    expect(b.records[0].offset).toBe(1n);
    expect(b.records[0].value!.toString()).toBe('two');
  });
});

/** A batch whose records section is `records` verbatim (uncompressed), with a valid CRC. */
function rawBatch(recordsCount: number, records: Buffer, attributes = 0): Buffer {
  const buf = Buffer.alloc(61 + records.length);
  buf.writeInt32BE(buf.length - 12, BatchOffset.batchLength);
  buf.writeInt8(2, BatchOffset.magic);
  buf.writeInt16BE(attributes, BatchOffset.attributes);
  buf.writeInt32BE(Math.max(recordsCount - 1, 0), BatchOffset.lastOffsetDelta);
  buf.writeBigInt64BE(-1n, BatchOffset.producerId);
  buf.writeInt32BE(recordsCount, BatchOffset.recordsCount);
  records.copy(buf, 61);
  writeBatchCrc(buf, 0, buf.length);
  return buf;
}

describe('decodeRecordBatch on malformed input', () => {
  const good = () => encodeRecordBatch({ records: mixedRecords() });

  it('accepts the hand-built reference record', () => {
    const batch = decodeRecordBatch(rawBatch(1, Buffer.from([0x0e, 0x00, 0x00, 0x00, 0x01, 0x02, 0x61, 0x00])));
    expect(batch.records).toEqual([{ offset: 0n, timestamp: 0, key: null, value: Buffer.from('a'), headers: [], attributes: 0 }]);
  });

  it('CRC mismatch', () => {
    const buf = good();
    buf[buf.length - 1] ^= 0xff;
    expectProtocolError(() => decodeRecordBatch(buf), ErrorCode.CORRUPT_MESSAGE, 'record batch at byte 0', 'CRC-32C mismatch');
  });

  it('truncated batch', () => {
    const buf = good();
    expectProtocolError(() => decodeRecordBatch(buf.subarray(0, buf.length - 1)), ErrorCode.CORRUPT_MESSAGE, 'truncated');
    expectProtocolError(() => decodeRecordBatch(buf.subarray(0, 10)), ErrorCode.CORRUPT_MESSAGE, 'only 10 bytes left');
  });

  it('bad magic', () => {
    for (const [magic, error] of [[0, ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT], [1, ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT], [3, ErrorCode.CORRUPT_MESSAGE]] as const) {
      const buf = good();
      buf.writeInt8(magic, BatchOffset.magic);
      expectProtocolError(() => decodeRecordBatch(buf), error, `magic ${magic}`);
    }
  });

  it('record length larger than its fields', () => {
    // length says 8, fields take 7, one extra byte before the next record would start
    const records = Buffer.from([0x10, 0x00, 0x00, 0x00, 0x01, 0x02, 0x61, 0x00, 0x00]);
    expectProtocolError(() => decodeRecordBatch(rawBatch(1, records)), ErrorCode.CORRUPT_MESSAGE, 'record 0', 'record length says 8 bytes but its fields end after 7');
  });

  it('record length smaller than its fields', () => {
    const records = Buffer.from([0x0c, 0x00, 0x00, 0x00, 0x01, 0x02, 0x61, 0x00]); // says 6, needs 7
    expectProtocolError(() => decodeRecordBatch(rawBatch(1, records)), ErrorCode.CORRUPT_MESSAGE, 'record 0', 'need 1 bytes');
  });

  it('record running past the end of the batch', () => {
    const records = Buffer.from([0x0e, 0x00, 0x00, 0x00, 0x01, 0x02, 0x61]); // one byte short
    expectProtocolError(() => decodeRecordBatch(rawBatch(1, records)), ErrorCode.CORRUPT_MESSAGE, 'record 0', 'record length 7 exceeds the 6 bytes left');
  });

  it('value length running past the record', () => {
    const records = Buffer.from([0x0e, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x61, 0x00]); // value claims 5 bytes
    expectProtocolError(() => decodeRecordBatch(rawBatch(1, records)), ErrorCode.CORRUPT_MESSAGE, 'record 0');
  });

  it('negative header key length and negative header count', () => {
    // 1 header, key length -1
    const nullKey = Buffer.from([0x12, 0x00, 0x00, 0x00, 0x01, 0x02, 0x61, 0x02, 0x01, 0x01]);
    expectProtocolError(() => decodeRecordBatch(rawBatch(1, nullKey)), ErrorCode.CORRUPT_MESSAGE, 'header 0 has negative key length -1');
    const negCount = Buffer.from([0x0e, 0x00, 0x00, 0x00, 0x01, 0x02, 0x61, 0x03]);
    expectProtocolError(() => decodeRecordBatch(rawBatch(1, negCount)), ErrorCode.CORRUPT_MESSAGE, 'negative header count -2');
  });

  it('more records declared than present, and bytes left after the declared records', () => {
    const one = Buffer.from([0x0e, 0x00, 0x00, 0x00, 0x01, 0x02, 0x61, 0x00]);
    expectProtocolError(() => decodeRecordBatch(rawBatch(2, one)), ErrorCode.CORRUPT_MESSAGE, 'record 1');
    expectProtocolError(() => decodeRecordBatch(rawBatch(1, Buffer.concat([one, one]))), ErrorCode.CORRUPT_MESSAGE, '8 bytes remain after the 1 records');
    expectProtocolError(() => decodeRecordBatch(rawBatch(-1, one)), ErrorCode.CORRUPT_MESSAGE, 'negative recordsCount -1');
  });

  it('malformed records inside a compressed batch', () => {
    const records = Buffer.from([0x10, 0x00, 0x00, 0x00, 0x01, 0x02, 0x61, 0x00, 0x00]);
    const gz = compress(CompressionCodec.gzip, records);
    expectProtocolError(() => decodeRecordBatch(rawBatch(1, gz, CompressionCodec.gzip)), ErrorCode.CORRUPT_MESSAGE, 'record 0', 'gzip-decompressed');
  });

  it('compressed payload that does not decompress', () => {
    const junk = Buffer.from('this is not an lz4 frame');
    expectProtocolError(() => decodeRecordBatch(rawBatch(1, junk, CompressionCodec.lz4)), ErrorCode.CORRUPT_MESSAGE, 'record batch at byte 0', 'lz4 decompression');
  });

  it('unknown compression codec', () => {
    expectProtocolError(() => decodeRecordBatch(rawBatch(1, Buffer.alloc(8), 6)), ErrorCode.CORRUPT_MESSAGE, 'unknown compression codec 6');
  });
});
