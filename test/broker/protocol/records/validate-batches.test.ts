import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../broker/protocol/error-codes.ts';
import { BatchOffset, CompressionCodec } from '../../../../broker/protocol/records/batch-header.ts';
import { writeBatchCrc } from '../../../../broker/protocol/records/crc32c.ts';
import { encodeRecordBatch, type EncodeRecordBatchOptions } from '../../../../broker/protocol/records/record-batch.ts';
import { splitAndValidateBatches } from '../../../../broker/protocol/records/validate-batches.ts';
import { expectProtocolError } from './expect-protocol-error.ts';

const T0 = 1_700_000_000_000;
const LIMIT = { maxBatchBytes: 1024 * 1024 };

function batch(count: number, extra: Partial<EncodeRecordBatchOptions> = {}): Buffer {
  const records = Array.from({ length: count }, (_, i) => ({ key: null, value: Buffer.from(`value-${i}`), timestamp: T0 + i * 10 }));
  return encodeRecordBatch({ records, ...extra });
}

/** Edits a header field and recomputes the CRC, so only the edited invariant is broken. */
function withField(buf: Buffer, edit: (b: Buffer) => void): Buffer {
  const copy = Buffer.from(buf);
  edit(copy);
  writeBatchCrc(copy, 0, copy.length);
  return copy;
}

describe('splitAndValidateBatches', () => {
  it('splits concatenated batches and reports their header fields', () => {
    const a = batch(3, { producerId: 42n, producerEpoch: 5, baseSequence: 100, compression: CompressionCodec.snappy });
    const b = batch(1, { transactional: true, producerId: 42n, producerEpoch: 5, baseSequence: 103, baseTimestamp: T0 - 7 });
    const result = splitAndValidateBatches(Buffer.concat([a, b]), LIMIT);
    expect(result).toEqual([
      {
        position: 0,
        size: a.length,
        lastOffsetDelta: 2,
        recordsCount: 3,
        baseTimestamp: T0,
        maxTimestamp: T0 + 20,
        producerId: 42n,
        producerEpoch: 5,
        baseSequence: 100,
        isTransactional: false,
        compression: CompressionCodec.snappy,
      },
      {
        position: a.length,
        size: b.length,
        lastOffsetDelta: 0,
        recordsCount: 1,
        baseTimestamp: T0 - 7,
        maxTimestamp: T0,
        producerId: 42n,
        producerEpoch: 5,
        baseSequence: 103,
        isTransactional: true,
        compression: CompressionCodec.none,
      },
    ]);
  });

  it('reads a -1 timestamp and producer id as -1', () => {
    const [v] = splitAndValidateBatches(batch(1, { baseTimestamp: -1, maxTimestamp: -1, records: [{ key: null, value: null, timestamp: -1 }] }), LIMIT);
    expect(v.baseTimestamp).toBe(-1);
    expect(v.maxTimestamp).toBe(-1);
    expect(v.producerId).toBe(-1n);
    expect(v.producerEpoch).toBe(-1);
    expect(v.baseSequence).toBe(-1);
  });

  it('rejects empty records', () => {
    expectProtocolError(() => splitAndValidateBatches(Buffer.alloc(0), LIMIT), ErrorCode.CORRUPT_MESSAGE, 'empty');
  });

  it('rejects trailing garbage shorter than a batch prefix, naming the batch index and position', () => {
    const a = batch(2);
    expectProtocolError(
      () => splitAndValidateBatches(Buffer.concat([a, Buffer.from([1, 2, 3, 4, 5])]), LIMIT),
      ErrorCode.CORRUPT_MESSAGE,
      `record batch 1 at byte ${a.length}`,
      'only 5 bytes left',
    );
  });

  it('rejects a truncated batch', () => {
    const a = batch(2);
    const b = batch(2);
    const both = Buffer.concat([a, b]);
    expectProtocolError(
      () => splitAndValidateBatches(both.subarray(0, both.length - 1), LIMIT),
      ErrorCode.CORRUPT_MESSAGE,
      `record batch 1 at byte ${a.length}`,
      `truncated: batchLength ${b.length - 12} needs ${b.length} bytes but only ${b.length - 1} are present`,
    );
  });

  it('answers legacy magic 0 and 1 with UNSUPPORTED_FOR_MESSAGE_FORMAT and other magics with CORRUPT_MESSAGE', () => {
    for (const magic of [0, 1]) {
      const buf = withField(batch(1), (b) => b.writeInt8(magic, BatchOffset.magic));
      expectProtocolError(() => splitAndValidateBatches(buf, LIMIT), ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, 'record batch 0 at byte 0', `legacy message set (magic ${magic})`);
    }
    for (const magic of [3, -1, 127]) {
      const buf = withField(batch(1), (b) => b.writeInt8(magic, BatchOffset.magic));
      expectProtocolError(() => splitAndValidateBatches(buf, LIMIT), ErrorCode.CORRUPT_MESSAGE, `unknown magic ${magic}`);
    }
  });

  it('rejects a batchLength below the header size', () => {
    const buf = withField(batch(1), (b) => b.writeInt32BE(48, BatchOffset.batchLength));
    expectProtocolError(() => splitAndValidateBatches(buf, LIMIT), ErrorCode.CORRUPT_MESSAGE, 'batchLength 48 is below the 49-byte minimum');
    const negative = withField(batch(1), (b) => b.writeInt32BE(-5, BatchOffset.batchLength));
    expectProtocolError(() => splitAndValidateBatches(negative, LIMIT), ErrorCode.CORRUPT_MESSAGE, 'batchLength -5');
  });

  it('rejects a CRC mismatch', () => {
    const a = batch(2);
    const b = batch(2);
    b[b.length - 2] ^= 0x01;
    expectProtocolError(() => splitAndValidateBatches(Buffer.concat([a, b]), LIMIT), ErrorCode.CORRUPT_MESSAGE, `record batch 1 at byte ${a.length}`, 'CRC-32C mismatch');
  });

  it('rejects recordsCount that disagrees with lastOffsetDelta, or is zero', () => {
    const mismatch = withField(batch(3), (b) => b.writeInt32BE(2, BatchOffset.recordsCount));
    expectProtocolError(() => splitAndValidateBatches(mismatch, LIMIT), ErrorCode.CORRUPT_MESSAGE, 'recordsCount 2 does not match lastOffsetDelta 2 + 1');
    const deltaMismatch = withField(batch(3), (b) => b.writeInt32BE(5, BatchOffset.lastOffsetDelta));
    expectProtocolError(() => splitAndValidateBatches(deltaMismatch, LIMIT), ErrorCode.CORRUPT_MESSAGE, 'recordsCount 3 does not match lastOffsetDelta 5 + 1');
    const empty = encodeRecordBatch({ lastOffsetDelta: -1, records: [] });
    expectProtocolError(() => splitAndValidateBatches(empty, LIMIT), ErrorCode.CORRUPT_MESSAGE, 'recordsCount 0');
  });

  it('rejects an uncompressed batch claiming more records than its bytes can hold', () => {
    const lying = withField(batch(1), (b) => {
      b.writeInt32BE(1000, BatchOffset.recordsCount);
      b.writeInt32BE(999, BatchOffset.lastOffsetDelta);
    });
    expectProtocolError(() => splitAndValidateBatches(lying, LIMIT), ErrorCode.CORRUPT_MESSAGE, 'recordsCount 1000 cannot fit');
  });

  it('rejects an unknown compression codec', () => {
    const buf = withField(batch(1), (b) => b.writeInt16BE(5, BatchOffset.attributes));
    expectProtocolError(() => splitAndValidateBatches(buf, LIMIT), ErrorCode.CORRUPT_MESSAGE, 'unknown compression codec 5');
  });

  it('rejects control batches from clients with INVALID_RECORD', () => {
    const buf = batch(1, { control: true });
    expectProtocolError(() => splitAndValidateBatches(buf, LIMIT), ErrorCode.INVALID_RECORD, 'record batch 0 at byte 0', 'control');
  });

  it('rejects an idempotent batch without a sequence number with INVALID_RECORD', () => {
    const buf = batch(1, { producerId: 9n, producerEpoch: 0, baseSequence: -1 });
    expectProtocolError(() => splitAndValidateBatches(buf, LIMIT), ErrorCode.INVALID_RECORD, 'baseSequence -1 is invalid for producerId 9');
  });

  it('rejects a batch above maxBatchBytes with MESSAGE_TOO_LARGE, counting the whole batch', () => {
    const a = batch(1);
    const b = batch(20);
    const both = Buffer.concat([a, b]);
    expect(splitAndValidateBatches(both, { maxBatchBytes: b.length })).toHaveLength(2);
    expectProtocolError(
      () => splitAndValidateBatches(both, { maxBatchBytes: b.length - 1 }),
      ErrorCode.MESSAGE_TOO_LARGE,
      `record batch 1 at byte ${a.length}`,
      `${b.length} bytes exceeds the ${b.length - 1}-byte limit`,
    );
  });

  it('checks size before CRC, as Kafka does', () => {
    const buf = batch(5);
    buf[buf.length - 1] ^= 1;
    expectProtocolError(() => splitAndValidateBatches(buf, { maxBatchBytes: 10 }), ErrorCode.MESSAGE_TOO_LARGE);
  });

  it('validates 500k records of 100 bytes well within a second', () => {
    const records = Array.from({ length: 1000 }, (_, i) => ({ key: null, value: Buffer.alloc(100, i), timestamp: T0 + i }));
    const one = encodeRecordBatch({ records });
    const payload = Buffer.concat(Array.from({ length: 500 }, () => one));
    splitAndValidateBatches(payload, { maxBatchBytes: one.length }); // warm up
    const started = performance.now();
    const result = splitAndValidateBatches(payload, { maxBatchBytes: one.length });
    const elapsed = performance.now() - started;
    expect(result).toHaveLength(500);
    expect(result.reduce((n, b) => n + b.recordsCount, 0)).toBe(500_000);
    expect(elapsed).toBeLessThan(500);
  });
});
