/**
 * Cross-checks against a real client's batch codec: kafkajs 2.2.4 encodes batches we decode,
 * and decodes batches we encode. kafkajs ships only gzip, so for the other codecs its batch
 * framing is exercised with our codec implementations plugged into its registry.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompressionCodec } from '../../../../broker/protocol/records/batch-header.ts';
import { compress, decompress } from '../../../../broker/protocol/records/compression.ts';
import { decodeRecordBatch, encodeRecordBatch } from '../../../../broker/protocol/records/record-batch.ts';
import { splitAndValidateBatches } from '../../../../broker/protocol/records/validate-batches.ts';

const require = createRequire(import.meta.url);
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0');
const KafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0');
const decodeKafkajsBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder');
const KafkajsDecoder = require('kafkajs/src/protocol/decoder');
const Long = require('kafkajs/src/utils/long');
const { Codecs } = require('kafkajs/src/protocol/message/compression');

const T0 = 1_700_000_000_000;
const codecs = Object.entries(CompressionCodec) as [string, number][];

const messages = [
  { key: Buffer.from('user-1'), value: Buffer.from('{"clicks":1}'), timestamp: T0, headers: { source: Buffer.from('web'), tag: [Buffer.from('a'), Buffer.from('b')] } },
  { key: null, value: Buffer.from('keyless'), timestamp: T0 + 250, headers: {} },
  { key: Buffer.from('user-2'), value: null, timestamp: T0 + 100, headers: { 'ünïcode': Buffer.from('✓') } },
  { key: Buffer.from('big'), value: Buffer.alloc(70_000, 0x5a), timestamp: T0 + 300, headers: {} },
];

let saved: Record<number, unknown>;
beforeAll(() => {
  saved = { ...Codecs };
  for (const id of [CompressionCodec.snappy, CompressionCodec.lz4, CompressionCodec.zstd]) {
    Codecs[id] = () => ({
      compress: async (encoder: { buffer: Buffer }) => compress(id, encoder.buffer),
      decompress: async (buffer: Buffer) => decompress(id, buffer),
    });
  }
});
afterAll(() => {
  Object.assign(Codecs, saved);
});

async function kafkajsBatch(compression: number): Promise<Buffer> {
  const records = messages.map((m, i) =>
    KafkajsRecord({ offsetDelta: i, timestampDelta: m.timestamp - T0, key: m.key, value: m.value, headers: m.headers }),
  );
  const encoder = await RecordBatch({
    compression,
    records,
    firstTimestamp: T0,
    maxTimestamp: T0 + 300,
    producerId: Long.fromValue(4242),
    producerEpoch: 3,
    firstSequence: 17,
    transactional: true,
    lastOffsetDelta: records.length - 1,
  });
  return encoder.buffer;
}

describe('kafkajs interoperability', () => {
  for (const [name, codec] of codecs) {
    it(`decodes a kafkajs-encoded ${name} batch`, async () => {
      const buf = await kafkajsBatch(codec);

      const [validated] = splitAndValidateBatches(buf, { maxBatchBytes: 1 << 20 });
      expect(validated).toEqual({
        position: 0,
        size: buf.length,
        lastOffsetDelta: 3,
        recordsCount: 4,
        baseTimestamp: T0,
        maxTimestamp: T0 + 300,
        producerId: 4242n,
        producerEpoch: 3,
        baseSequence: 17,
        isTransactional: true,
        compression: codec,
      });

      const batch = decodeRecordBatch(buf);
      expect(batch.compression).toBe(codec);
      expect(batch.isTransactional).toBe(true);
      expect(batch.partitionLeaderEpoch).toBe(0);
      expect(batch.records.map((r) => r.offset)).toEqual([0n, 1n, 2n, 3n]);
      expect(batch.records.map((r) => r.timestamp)).toEqual([T0, T0 + 250, T0 + 100, T0 + 300]);
      expect(batch.records.map((r) => r.key)).toEqual(messages.map((m) => m.key));
      expect(batch.records.map((r) => r.value)).toEqual(messages.map((m) => m.value));
      expect(batch.records[0].headers).toEqual([
        { key: 'source', value: Buffer.from('web') },
        { key: 'tag', value: Buffer.from('a') },
        { key: 'tag', value: Buffer.from('b') },
      ]);
      expect(batch.records[1].headers).toEqual([]);
      expect(batch.records[2].headers).toEqual([{ key: 'ünïcode', value: Buffer.from('✓') }]);
    });

    it(`kafkajs decodes our ${name} batch`, async () => {
      const buf = encodeRecordBatch({
        baseOffset: 500n,
        partitionLeaderEpoch: 2,
        compression: codec,
        producerId: 9n,
        producerEpoch: 1,
        baseSequence: 40,
        records: messages.map((m) => ({
          key: m.key,
          value: m.value,
          timestamp: m.timestamp,
          headers: Object.entries(m.headers).flatMap(([key, v]) => (Array.isArray(v) ? v : [v]).map((value) => ({ key, value }))),
        })),
      });
      const decoded = await decodeKafkajsBatch(new KafkajsDecoder(buf));
      expect(decoded.firstOffset).toBe('500');
      expect(decoded.partitionLeaderEpoch).toBe(2);
      expect(decoded.lastOffsetDelta).toBe(3);
      expect(decoded.firstTimestamp).toBe(String(T0));
      expect(decoded.maxTimestamp).toBe(String(T0 + 300));
      expect(decoded.producerId).toBe('9');
      expect(decoded.producerEpoch).toBe(1);
      expect(decoded.firstSequence).toBe(40);
      expect(decoded.records.map((r: { offset: string }) => r.offset)).toEqual(['500', '501', '502', '503']);
      expect(decoded.records.map((r: { timestamp: string }) => r.timestamp)).toEqual([T0, T0 + 250, T0 + 100, T0 + 300].map(String));
      expect(decoded.records.map((r: { key: Buffer | null }) => r.key)).toEqual(messages.map((m) => m.key));
      expect(decoded.records.map((r: { value: Buffer | null }) => r.value)).toEqual(messages.map((m) => m.value));
      expect(decoded.records[0].headers).toEqual({ source: Buffer.from('web'), tag: [Buffer.from('a'), Buffer.from('b')] });
      expect(decoded.records[2].headers).toEqual({ 'ünïcode': Buffer.from('✓') });
    });
  }

  it('produces the same bytes as kafkajs for the same uncompressed batch', async () => {
    const theirs = await kafkajsBatch(CompressionCodec.none);
    const ours = encodeRecordBatch({
      partitionLeaderEpoch: 0,
      producerId: 4242n,
      producerEpoch: 3,
      baseSequence: 17,
      transactional: true,
      records: messages.map((m) => ({
        key: m.key,
        value: m.value,
        timestamp: m.timestamp,
        headers: Object.entries(m.headers).flatMap(([key, v]) => (Array.isArray(v) ? v : [v]).map((value) => ({ key, value }))),
      })),
    });
    expect(ours.toString('hex')).toBe(theirs.toString('hex'));
  });
});
