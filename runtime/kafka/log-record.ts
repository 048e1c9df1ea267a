/**
 * A record as the runtime sees it after a fetch: where it is (topic, partition, offset), its
 * timestamp and raw bytes. Offsets and timestamps are numbers like the SDK's (Kafka offsets stay far
 * below 2^53).
 */
import type { RecordsBatch } from '@platformatic/kafka';
import { TimestampType } from '../../connectors/sdk/index.ts';

export interface LogRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly timestampType: TimestampType;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: ReadonlyArray<readonly [string, Buffer | null]>;
}

/** Shared by every record without headers (most), instead of an empty array each. */
const NO_HEADERS: LogRecord['headers'] = Object.freeze([]);
const CONTROL_BATCH = 0x20;
const LOG_APPEND_TIME = 0x08;

/**
 * The records of fetched batches at or after `from`, and the position after the last batch. The
 * position comes from each batch's last offset, not its last surviving record: compaction can empty
 * the tail of a batch, and control batches (transaction markers) carry no data but still take offsets.
 */
export function recordsOf(topic: string, partition: number, batches: readonly RecordsBatch[], from: number): { records: LogRecord[]; next: number } {
  const records: LogRecord[] = [];
  let next = from;
  for (const batch of batches) {
    const base = Number(batch.firstOffset);
    const batchEnd = base + batch.lastOffsetDelta + 1;
    if (batchEnd <= next) continue;
    if ((batch.attributes & CONTROL_BATCH) === 0) {
      const appendTime = (batch.attributes & LOG_APPEND_TIME) !== 0;
      for (const record of batch.records) {
        const offset = base + record.offsetDelta;
        if (offset < next) continue;
        records.push({
          topic,
          partition,
          offset,
          timestamp: Number(appendTime ? batch.maxTimestamp : batch.firstTimestamp + record.timestampDelta),
          timestampType: appendTime ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME,
          key: record.key,
          value: record.value,
          headers: record.headers.length === 0 ? NO_HEADERS : record.headers.map(([k, v]) => [k === null ? '' : k.toString('utf8'), v] as const),
        });
      }
    }
    next = Math.max(next, batchEnd);
  }
  return { records, next };
}
