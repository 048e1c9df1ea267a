import { describe, expect, it } from 'vitest';
import { SourceRecord } from '../../../connectors/sdk/index.ts';
import { partitionKey, SubmittedRecords } from '../../../runtime/worker/submitted-records.ts';
import { sourceRecord } from './support/test-connectors.ts';

const meta = (offset: number) => ({ topic: 'out', partition: 0, offset, timestamp: 0 });

describe('SubmittedRecords', () => {
  it('offers only the acknowledged prefix of each source partition', () => {
    const submitted = new SubmittedRecords();
    const a0 = submitted.submit(sourceRecord('a', 0, 'a0'));
    const a1 = submitted.submit(sourceRecord('a', 1, 'a1'));
    const a2 = submitted.submit(sourceRecord('a', 2, 'a2'));
    const b0 = submitted.submit(sourceRecord('b', 0, 'b0'));
    a0.ack(meta(0));
    a2.ack(meta(2)); // out of order: held back by a1
    b0.ack(meta(3));
    const batch = submitted.committable();
    expect(batch.offsets.map(([p, o]) => [p.file, o.position])).toEqual([['a', 0], ['b', 0]]);
    expect(batch.records.map((r) => r.record.value)).toEqual(['a0', 'b0']);
    expect(submitted.outstanding).toBe(1);

    submitted.remove(batch);
    a1.ack(meta(1));
    const next = submitted.committable();
    expect(next.offsets.map(([p, o]) => [p.file, o.position])).toEqual([['a', 2]]);
    expect(next.records.map((r) => r.record.value)).toEqual(['a1', 'a2']);
    submitted.remove(next);
    expect(submitted.size).toBe(0);
  });

  it('commits nothing while the first record of a partition is unacknowledged', () => {
    const submitted = new SubmittedRecords();
    submitted.submit(sourceRecord('a', 0, 'a0'));
    submitted.submit(sourceRecord('a', 1, 'a1')).ack(meta(1));
    expect(submitted.committable().records).toEqual([]);
  });

  it('treats partitions with equal content as one, whatever the key order or integer type', () => {
    expect(partitionKey({ a: 1, b: 'x' })).toBe(partitionKey({ b: 'x', a: 1n }));
    expect(partitionKey({ a: '1' })).not.toBe(partitionKey({ a: 1 }));
    const submitted = new SubmittedRecords();
    const first = submitted.submit(new SourceRecord({ topic: 't', sourcePartition: { a: 1, b: 'x' }, sourceOffset: { n: 1 } }));
    submitted.submit(new SourceRecord({ topic: 't', sourcePartition: { b: 'x', a: 1 }, sourceOffset: { n: 2 } })).ack(meta(1));
    expect(submitted.committable().records).toEqual([]);
    first.ack(meta(0));
    expect(submitted.committable().offsets.map(([, o]) => o.n)).toEqual([2]);
  });

  it('keeps records without a source partition in order but stores no offset for them', () => {
    const submitted = new SubmittedRecords();
    submitted.submit(new SourceRecord({ topic: 't', value: 'x' })).ack(null);
    const batch = submitted.committable();
    expect(batch.records).toHaveLength(1);
    expect(batch.offsets).toEqual([]);
  });

  it('waits for outstanding acknowledgements with a deadline', async () => {
    const submitted = new SubmittedRecords();
    const record = submitted.submit(sourceRecord('a', 0, 'a0'));
    expect(await submitted.awaitAllAcked(20)).toBe(false);
    setTimeout(() => record.ack(meta(0)), 10);
    expect(await submitted.awaitAllAcked(1000)).toBe(true);
  });
});
