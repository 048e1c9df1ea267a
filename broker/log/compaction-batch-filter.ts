/**
 * Decides what compaction keeps of one stored batch. A record is dropped when a newer record with the
 * same key exists (the offset map), when it has no key (a compacted log cannot say what it updates), or
 * when it is a tombstone whose delete horizon has passed.
 *
 * Tombstones (null value) follow KIP-534: the first pass that keeps a tombstone stamps its batch with a
 * delete horizon, now + delete.retention.ms, stored in baseTimestamp with attribute bit 6 set (record
 * timestamps stay exact: their deltas are taken from that base). A later pass at or after the horizon
 * drops it. So a tombstone is readable for at least delete.retention.ms after compaction first reached
 * it, long enough for a consumer that read the older value to also see the delete.
 *
 * A changed batch is re-encoded with its codec, base offset, lastOffsetDelta, producer id, epoch, base
 * sequence, leader epoch and timestamp type, and its surviving records keep their offsets and
 * timestamps; batches may thus become sparse. An unchanged batch is kept byte for byte, and a batch
 * left with no records is dropped. Kafka keeps such an empty batch when it is an idempotent producer's
 * last, so producer state survives; once producer state is rebuilt from the log this needs doing too.
 */
import { Attribute, BatchOffset } from '../protocol/records/batch-header.ts';
import { writeBatchCrc } from '../protocol/records/crc32c.ts';
import { decodeRecordBatch, encodeRecordBatch } from '../protocol/records/record-batch.ts';
import type { DecodedRecord } from '../protocol/records/record.ts';
import { isCompactable, type OffsetMap } from './compaction-offset-map.ts';

export interface FilterContext {
  readonly map: OffsetMap;
  readonly nowMs: number;
  readonly deleteRetentionMs: number;
}

export interface FilteredBatch {
  /** What to store: the input itself when unchanged, a new batch, or null to drop the batch. */
  readonly bytes: Buffer | null;
  readonly changed: boolean;
  readonly removedRecords: number;
  /** The delete horizon of the kept batch when it still holds tombstones, else -1. */
  readonly deleteHorizonMs: number;
}

export function filterBatch(bytes: Buffer, context: FilterContext): FilteredBatch {
  const attributes = bytes.readInt16BE(BatchOffset.attributes);
  if (!isCompactable(attributes)) return unchanged(bytes, -1);
  const batch = decodeRecordBatch(bytes);
  // An empty batch is only ever stored on purpose (producer state), so it stays.
  if (batch.records.length === 0) return unchanged(bytes, -1);
  const horizon = (attributes & Attribute.deleteHorizon) !== 0 ? Number(batch.baseTimestamp) : -1;
  const kept = batch.records.filter((record) => survives(record, horizon, context));
  const removedRecords = batch.records.length - kept.length;
  if (kept.length === 0) return { bytes: null, changed: true, removedRecords, deleteHorizonMs: -1 };
  const keepsTombstones = kept.some((record) => record.value === null);
  const nextHorizon = !keepsTombstones ? -1 : horizon >= 0 ? horizon : horizonFrom(context);
  if (removedRecords === 0 && nextHorizon === horizon) return unchanged(bytes, horizon);
  const logAppend = batch.timestampType === 'logAppend';
  const rebuilt = encodeRecordBatch({
    baseOffset: batch.baseOffset,
    partitionLeaderEpoch: batch.partitionLeaderEpoch,
    compression: batch.compression,
    timestampType: batch.timestampType,
    producerId: batch.producerId,
    producerEpoch: batch.producerEpoch,
    baseSequence: batch.baseSequence,
    baseTimestamp: nextHorizon >= 0 ? nextHorizon : undefined,
    maxTimestamp: logAppend ? Number(batch.maxTimestamp) : undefined,
    lastOffsetDelta: batch.lastOffsetDelta,
    records: kept.map((record) => ({
      offsetDelta: Number(record.offset - batch.baseOffset),
      timestamp: record.timestamp,
      key: record.key,
      value: record.value,
      headers: record.headers,
    })),
  });
  if (nextHorizon >= 0) markDeleteHorizon(rebuilt);
  return { bytes: rebuilt, changed: true, removedRecords, deleteHorizonMs: nextHorizon };
}

/** A huge delete.retention.ms means "keep tombstones": capped so the horizon stays an exact int64. */
function horizonFrom(context: FilterContext): number {
  return Math.min(context.nowMs + context.deleteRetentionMs, Number.MAX_SAFE_INTEGER);
}

function unchanged(bytes: Buffer, deleteHorizonMs: number): FilteredBatch {
  return { bytes, changed: false, removedRecords: 0, deleteHorizonMs };
}

function survives(record: DecodedRecord, horizon: number, context: FilterContext): boolean {
  if (record.key === null) return false;
  const newest = context.map.newestOffset(record.key);
  if (newest !== undefined && Number(record.offset) < newest) return false;
  return record.value !== null || horizon < 0 || context.nowMs < horizon;
}

/** encodeRecordBatch does not know bit 6; setting it changes the CRC-covered attributes. */
function markDeleteHorizon(batch: Buffer): void {
  batch.writeInt16BE(batch.readInt16BE(BatchOffset.attributes) | Attribute.deleteHorizon, BatchOffset.attributes);
  writeBatchCrc(batch, 0, batch.length);
}
