/**
 * Kafka's default partitioner for keyed records: murmur2 of the key bytes, sign bit masked off, modulo
 * the partition count. Internal-topic records written by Sluice must land where a Java client would put
 * them (Connect reads offsets by key, and compaction only merges records in the same partition).
 * @platformatic/kafka's `defaultPartitioner` makes the hash positive with `>>> 0`, which differs for
 * every key whose hash is negative; its `compatibilityPartitioner` masks like Java but computes murmur2 in
 * BigInt, about 20× slower per key. Every placement here, the runtime's own and the one it gives to
 * producers that let the client choose, uses the integer `murmur2` below (tested equal to the client's).
 */
import type { Partitioner } from '@platformatic/kafka';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's Utils.murmur2 (32-bit, seed 0x9747b28c), in 32-bit integer arithmetic. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const rest = length & 3;
  if (rest > 0) {
    if (rest === 3) h ^= data[whole + 2] << 16;
    if (rest >= 2) h ^= data[whole + 1] << 8;
    h ^= data[whole];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

export function partitionForKey(key: Uint8Array, partitionCount: number): number {
  if (!Number.isInteger(partitionCount) || partitionCount < 1) throw new RangeError(`partition count must be a positive integer, got ${partitionCount}`);
  return (murmur2(key) & 0x7fffffff) % partitionCount;
}

/** For producers that let the client choose: Java-compatible placement of keyed records (the client applies the modulo). */
export const kafkaCompatiblePartitioner: Partitioner<Buffer, Buffer, Buffer, Buffer> = (_, key) => (Buffer.isBuffer(key) ? murmur2(key) & 0x7fffffff : 0);
