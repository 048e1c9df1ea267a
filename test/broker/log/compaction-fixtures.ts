/**
 * Test helpers for log compaction: keyed (optionally compressed) batches, reading a whole log back as
 * records, and what compaction is expected to leave of a log.
 */
import { expect } from 'vitest';
import { decodeRecordBatch, encodeRecordBatch, type DecodedRecordBatch } from '../../../broker/protocol/records/record-batch.ts';
import type { PartitionLog } from '../../../broker/log/partition-log.ts';

export interface KeyValue {
  readonly key: string | null;
  /** null: a tombstone. */
  readonly value: string | null;
  readonly timestamp?: number;
}

export interface BatchOptions {
  readonly compression?: number;
  readonly timestamp?: number;
  readonly producerId?: bigint;
  readonly producerEpoch?: number;
  readonly baseSequence?: number;
}

export function keyedBatch(records: readonly KeyValue[], options: BatchOptions = {}): Buffer {
  return encodeRecordBatch({
    compression: options.compression,
    producerId: options.producerId,
    producerEpoch: options.producerEpoch,
    baseSequence: options.baseSequence,
    records: records.map((record) => ({
      key: record.key === null ? null : Buffer.from(record.key),
      value: record.value === null ? null : Buffer.from(record.value),
      timestamp: record.timestamp ?? options.timestamp,
      headers: [{ key: 'h', value: Buffer.from(`${record.key}`) }],
    })),
  });
}

export interface StoredRecord {
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly timestamp: number;
}

export interface LogContents {
  readonly batches: DecodedRecordBatch[];
  readonly records: StoredRecord[];
}

/** Every stored batch from the log start offset, fully decoded (CRC checked, decompressed). */
export function readAll(log: PartitionLog): LogContents {
  return decodeStored(log.read(log.logStartOffset, 1 << 28).records);
}

/** Whole stored batches (as a read returns them), fully decoded. */
export function decodeStored(bytes: Buffer): LogContents {
  const batches: DecodedRecordBatch[] = [];
  for (let pos = 0; pos < bytes.length;) {
    const batch = decodeRecordBatch(bytes, pos);
    batches.push(batch);
    pos += batch.size;
  }
  const records = batches.flatMap((batch) =>
    batch.records.map((record) => ({
      offset: Number(record.offset),
      key: record.key === null ? null : record.key.toString(),
      value: record.value === null ? null : record.value.toString(),
      timestamp: record.timestamp,
    })),
  );
  return { batches, records };
}

/** The newest record of each key (tombstones included). */
export function newestByKey(records: readonly StoredRecord[]): Map<string | null, StoredRecord> {
  const newest = new Map<string | null, StoredRecord>();
  for (const record of records) newest.set(record.key, record);
  return newest;
}

/**
 * What one compaction pass leaves when every closed segment is cleanable: per key the newest record of
 * the closed segments (tombstones too, unless `dropTombstones`), and everything from `activeBase` on.
 */
export function expectedAfterCompaction(before: readonly StoredRecord[], activeBase: number, dropTombstones = false): StoredRecord[] {
  const cleanable = before.filter((record) => record.offset < activeBase);
  const newest = newestByKey(cleanable);
  const kept = cleanable.filter(
    (record) => record.key !== null && newest.get(record.key) === record && (record.value !== null || !dropTombstones),
  );
  return [...kept, ...before.filter((record) => record.offset >= activeBase)];
}

/** Every key reads back its newest value, at its original offset. */
export function expectSameNewestValues(before: readonly StoredRecord[], after: readonly StoredRecord[]): void {
  expect(newestByKey(after)).toEqual(newestByKey(before));
}

/** Appends `rounds` batches updating keys k0..k{keys-1}, one clock step per batch. */
export function appendUpdates(
  log: PartitionLog,
  options: { keys: number; rounds: number; clock?: { nowMs: number; advance(ms: number): void }; prefix?: string; compression?: number },
): void {
  for (let round = 0; round < options.rounds; round++) {
    const records = Array.from({ length: options.keys }, (_, k) => ({
      key: `k${k}`,
      value: `${options.prefix ?? 'v'}${round}-k${k}-${'x'.repeat(20)}`,
    }));
    log.append(keyedBatch(records, { compression: options.compression, timestamp: options.clock?.nowMs ?? Date.now() }));
    options.clock?.advance(1000);
  }
}
