/**
 * Kafka's default partitioner for keyed records: murmur2 of the key bytes, sign bit masked off, modulo
 * the partition count. Internal-topic records written by Sluice must land where a Java client would put
 * them (Connect reads offsets by key, and compaction only merges records in the same partition).
 * @platformatic/kafka's `defaultPartitioner` makes the hash positive with `>>> 0`, which differs for
 * every key whose hash is negative; its `compatibilityPartitioner` masks like Java and is the one used.
 */
import { compatibilityPartitioner } from '@platformatic/kafka';

export function partitionForKey(key: Buffer, partitionCount: number): number {
  if (!Number.isInteger(partitionCount) || partitionCount < 1) throw new RangeError(`partition count must be a positive integer, got ${partitionCount}`);
  return compatibilityPartitioner(undefined as never, key) % partitionCount;
}

/** For producers that let the client choose: Java-compatible placement of keyed records. */
export const kafkaCompatiblePartitioner = compatibilityPartitioner;
