/**
 * CoordinatorLog over the broker's partition logs (the LogManager), typed structurally so the group
 * coordinator does not depend on the log module. Reads walk a partition from its start to the end it
 * had when the read began, in chunks of whole batches.
 */
import { batchSizeAt, readBatchHeader } from '../protocol/records/batch-header.ts';
import { OFFSETS_TOPIC, OFFSETS_TOPIC_CONFIGS, type CoordinatorLog } from './coordinator-log.ts';

const READ_CHUNK_BYTES = 1024 * 1024;

export interface OffsetsPartitionLog {
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  append(batches: Buffer): { baseOffset: number };
  read(fetchOffset: number, maxBytes: number): { records: Buffer };
}

/** What LogManager offers; its createTopic/getTopic/partition fit as they are. */
export interface OffsetsTopicHost {
  getTopic(name: string): { readonly partitions: number } | undefined;
  createTopic(name: string, options: { numPartitions: number; configs: Record<string, string> }): Promise<{ readonly partitions: number }>;
  partition(topic: string, partition: number): OffsetsPartitionLog;
}

export function logBackedCoordinatorLog(logs: OffsetsTopicHost): CoordinatorLog {
  return {
    async ensureTopic(partitions) {
      const existing = logs.getTopic(OFFSETS_TOPIC);
      if (existing) return existing.partitions;
      const created = await logs.createTopic(OFFSETS_TOPIC, { numPartitions: partitions, configs: { ...OFFSETS_TOPIC_CONFIGS } });
      return created.partitions;
    },
    append(partition, batch) {
      return logs.partition(OFFSETS_TOPIC, partition).append(batch);
    },
    *readAll(partition) {
      const log = logs.partition(OFFSETS_TOPIC, partition);
      const end = log.logEndOffset;
      let next = log.logStartOffset;
      while (next < end) {
        const { records } = log.read(next, READ_CHUNK_BYTES);
        if (records.length === 0) return;
        yield records;
        next = offsetAfterLastBatch(records);
      }
    },
  };
}

function offsetAfterLastBatch(chunk: Buffer): number {
  let pos = 0;
  let last = 0;
  while (pos < chunk.length) {
    last = pos;
    pos += batchSizeAt(chunk, pos);
  }
  const header = readBatchHeader(chunk, last);
  return Number(header.baseOffset) + header.lastOffsetDelta + 1;
}
