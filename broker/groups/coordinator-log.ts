/**
 * The coordinator's only view of storage: the partitions of the internal compacted topic
 * __consumer_offsets. Each group lives in one partition (offsets-partition.ts); its offset commits
 * and group metadata are appended there as record batches and replayed from there on start-up.
 */
export const OFFSETS_TOPIC = '__consumer_offsets';

/** Topic configs the topic is created with: compacted, as in Kafka (only the latest record per key matters). */
export const OFFSETS_TOPIC_CONFIGS: Readonly<Record<string, string>> = Object.freeze({
  'cleanup.policy': 'compact',
  'compression.type': 'producer',
  'segment.bytes': '104857600',
});

export interface CoordinatorLog {
  /**
   * Creates the topic with `partitions` partitions unless it exists, and answers the number of partitions
   * it has. An existing topic keeps its count: group-to-partition mapping depends on it.
   */
  ensureTopic(partitions: number): Promise<number> | number;
  /** Appends one record batch (as built by encodeRecordBatch) to a partition; resolves once stored. */
  append(partition: number, batch: Buffer): Promise<{ baseOffset: number }> | { baseOffset: number };
  /** Every stored batch of the partition from its start, in offset order; a chunk may hold several whole batches. */
  readAll(partition: number): Iterable<Buffer> | AsyncIterable<Buffer>;
}
