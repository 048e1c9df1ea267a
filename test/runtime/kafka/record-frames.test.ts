import { describe, expect, it } from 'vitest';
import { packMetadata, packRecords, unpackMetadata, unpackRecords } from '../../../runtime/kafka/producer-thread/record-frames.ts';
import type { ProducerRecord } from '../../../runtime/kafka/source-record-producer.ts';

describe('record frames (producer thread transfer)', () => {
  it('carries every field of every record through one buffer', () => {
    const records: ProducerRecord[] = [
      { topic: 'orders', partition: 0, key: Buffer.from('k1'), value: Buffer.from('{"a":1}'), timestamp: 1_700_000_000_123 },
      { topic: 'orders', key: null, value: null },
      { topic: 'événements', partition: null, key: Buffer.alloc(0), value: Buffer.alloc(0), timestamp: 0, headers: [] },
      { topic: 'orders', partition: 7, key: Buffer.from([0, 255, 1]), value: Buffer.alloc(70_000, 9), headers: [['trace-id', Buffer.from('abc')], ['ключ', null], ['', Buffer.alloc(0)]], timestamp: null },
    ];
    const frame = packRecords(records);
    expect(frame.topics).toEqual(['orders', 'événements']);
    expect(frame.bytes.byteLength).toBe(4 * 28 + 2 + 7 + 3 + 70_000 + (8 + 8 + 3) + (8 + 'ключ'.length * 2) + 8);
    const back = unpackRecords(structuredClone(frame, { transfer: [frame.bytes] }));
    expect(back).toEqual([
      { topic: 'orders', partition: 0, key: Buffer.from('k1'), value: Buffer.from('{"a":1}'), headers: undefined, timestamp: 1_700_000_000_123 },
      { topic: 'orders', partition: null, key: null, value: null, headers: undefined, timestamp: null },
      { topic: 'événements', partition: null, key: Buffer.alloc(0), value: Buffer.alloc(0), headers: undefined, timestamp: 0 },
      { topic: 'orders', partition: 7, key: Buffer.from([0, 255, 1]), value: Buffer.alloc(70_000, 9), headers: [['trace-id', Buffer.from('abc')], ['ключ', null], ['', Buffer.alloc(0)]], timestamp: null },
    ]);
  });

  it('refuses partitions and timestamps that would read back as "none"', () => {
    expect(() => packRecords([{ topic: 't', partition: -1, key: null, value: null }])).toThrow('a record for t has partition -1');
    expect(() => packRecords([{ topic: 't', partition: 1.5, key: null, value: null }])).toThrow('partition 1.5');
    expect(() => packRecords([{ topic: 't', key: null, value: null, timestamp: Number.NaN }])).toThrow('a record for t has timestamp NaN');
  });

  it('packs nothing for an empty send', () => {
    const frame = packRecords([]);
    expect(frame).toMatchObject({ topics: [], count: 0 });
    expect(unpackRecords(frame)).toEqual([]);
  });

  it('brings record metadata back in send order', () => {
    const metadata = [
      { topic: 'a', partition: 3, offset: 2 ** 40, timestamp: 1_700_000_000_000 },
      { topic: 'b', partition: 0, offset: 0, timestamp: null },
    ];
    const topics = ['a', 'b'];
    expect(unpackMetadata(structuredClone(packMetadata(metadata)), (i) => topics[i])).toEqual(metadata);
  });
});
