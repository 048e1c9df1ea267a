// Keyed records must land where Kafka's Java client puts them: murmur2 of the key bytes (test vectors
// from Kafka's UtilsTest), sign bit masked, modulo the partition count.
import { compatibilityPartitioner, defaultPartitioner, murmur2 as clientMurmur2 } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { murmur2 } from '../../../runtime/kafka/default-partitioner.ts';
import { kafkaCompatiblePartitioner, partitionForKey } from '../../../runtime/kafka/index.ts';

const KAFKA_MURMUR2: Array<[string, number]> = [
  ['21', -973932308],
  ['foobar', -790332482],
  ['a-little-bit-long-string', -985981536],
  ['a-little-bit-longer-string', -1486304829],
  ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
  ['abc', 479470107],
];

describe('partitionForKey', () => {
  it('uses the murmur2 Kafka uses', () => {
    for (const [key, hash] of KAFKA_MURMUR2) {
      expect(murmur2(Buffer.from(key))).toBe(hash);
      expect(clientMurmur2(Buffer.from(key))).toBe(hash);
    }
  });

  it('places every key where the client’s Java-compatible partitioner does (keys of every length 0–64, random bytes)', () => {
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      const key = Buffer.from(Array.from({ length: i % 65 }, () => Math.floor(random() * 256)));
      expect(murmur2(key)).toBe(clientMurmur2(key));
      expect(partitionForKey(key, 7)).toBe(compatibilityPartitioner(undefined as never, key) % 7);
      expect(kafkaCompatiblePartitioner(undefined as never, key, undefined as never)).toBe(compatibilityPartitioner(undefined as never, key));
    }
  });

  it('masks the sign bit like Kafka’s Utils.toPositive, then takes the modulo', () => {
    for (const [key, hash] of KAFKA_MURMUR2) {
      for (const partitions of [1, 3, 5, 25, 50]) expect(partitionForKey(Buffer.from(key), partitions)).toBe((hash & 0x7fffffff) % partitions);
    }
  });

  it('differs from @platformatic/kafka’s defaultPartitioner for negative hashes (why it is not used)', () => {
    const key = Buffer.from('21');
    expect(partitionForKey(key, 5)).toBe(0);
    expect(defaultPartitioner(undefined as never, key) % 5).toBe(3);
  });

  it('rejects impossible partition counts', () => {
    expect(() => partitionForKey(Buffer.from('k'), 0)).toThrow(RangeError);
  });
});
