import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { SourceRecord, type RecordMetadata } from '../../../connectors/sdk/index.ts';
import { partitionKey, SubmittedRecords } from '../../../runtime/worker/submitted-records.ts';
import { sourceRecord } from './support/test-connectors.ts';

const meta = (offset: number) => ({ topic: 'out', partition: 0, offset, timestamp: 0 });

function tracked() {
  const handedOn: Array<{ value: unknown; metadata: RecordMetadata | null }> = [];
  const submitted = new SubmittedRecords({ onAcknowledged: (record, metadata) => handedOn.push({ value: record.value, metadata }) });
  return { submitted, handedOn, values: () => handedOn.map((h) => h.value) };
}

describe('SubmittedRecords', () => {
  it('offers only the acknowledged prefix of each source partition, and hands records on in poll order per partition', () => {
    const { submitted, handedOn, values } = tracked();
    const a0 = submitted.submit(sourceRecord('a', 0, 'a0'));
    const a1 = submitted.submit(sourceRecord('a', 1, 'a1'));
    const a2 = submitted.submit(sourceRecord('a', 2, 'a2'));
    const b0 = submitted.submit(sourceRecord('b', 0, 'b0'));
    a0.ack(meta(0));
    a2.ack(meta(2)); // out of order: held back by a1
    b0.ack(meta(3));
    expect(values()).toEqual(['a0', 'b0']);
    expect(handedOn[1].metadata).toEqual(meta(3));
    const batch = submitted.committable();
    expect(batch.offsets.map(([p, o]) => [p.file, o.position])).toEqual([['a', 0], ['b', 0]]);
    expect(batch.records).toBe(2);
    expect(submitted.outstanding).toBe(1);
    expect(submitted.size).toBe(2); // a1 unacknowledged, a2 waiting behind it

    submitted.remove(batch);
    expect(submitted.committable().records).toBe(0);
    a1.ack(meta(1));
    expect(values()).toEqual(['a0', 'b0', 'a1', 'a2']);
    const next = submitted.committable();
    expect(next.offsets.map(([p, o]) => [p.file, o.position])).toEqual([['a', 2]]);
    expect(next.records).toBe(2);
    submitted.remove(next);
    expect(submitted.size).toBe(0);
    expect(submitted.committable().records).toBe(0);
  });

  it('keeps what was acknowledged during a commit for the next one', () => {
    const { submitted } = tracked();
    submitted.submit(sourceRecord('a', 0, 'a0')).ack(meta(0));
    const late = submitted.submit(sourceRecord('a', 1, 'a1'));
    const batch = submitted.committable();
    late.ack(meta(1)); // while the offsets of `batch` are being written
    submitted.remove(batch);
    const next = submitted.committable();
    expect(next.records).toBe(1);
    expect(next.offsets.map(([, o]) => o.position)).toEqual([1]);
  });

  it('commits nothing while the first record of a partition is unacknowledged', () => {
    const { submitted, values } = tracked();
    submitted.submit(sourceRecord('a', 0, 'a0'));
    submitted.submit(sourceRecord('a', 1, 'a1')).ack(meta(1));
    expect(submitted.committable().records).toBe(0);
    expect(values()).toEqual([]);
  });

  it('treats partitions with equal content as one, whatever the key order or integer type', () => {
    expect(partitionKey({ a: 1, b: 'x' })).toBe(partitionKey({ b: 'x', a: 1n }));
    expect(partitionKey({ a: '1' })).not.toBe(partitionKey({ a: 1 }));
    const { submitted } = tracked();
    const first = submitted.submit(new SourceRecord({ topic: 't', sourcePartition: { a: 1, b: 'x' }, sourceOffset: { n: 1 } }));
    submitted.submit(new SourceRecord({ topic: 't', sourcePartition: { b: 'x', a: 1 }, sourceOffset: { n: 2 } })).ack(meta(1));
    expect(submitted.committable().records).toBe(0);
    first.ack(meta(0));
    expect(submitted.committable().offsets.map(([, o]) => o.n)).toEqual([2]);
  });

  it('tells partitions apart by content when consecutive records alternate between them', () => {
    const { submitted } = tracked();
    const a = submitted.submit(new SourceRecord({ topic: 't', sourcePartition: { f: 'a' }, sourceOffset: { n: 0 } }));
    submitted.submit(new SourceRecord({ topic: 't', sourcePartition: { g: 'a' }, sourceOffset: { n: 0 } })).ack(meta(1));
    submitted.submit(new SourceRecord({ topic: 't', sourcePartition: { f: 'a', g: 'a' }, sourceOffset: { n: 0 } })).ack(meta(2));
    submitted.submit(new SourceRecord({ topic: 't', sourcePartition: { f: 1n }, sourceOffset: { n: 5 } })).ack(meta(3));
    submitted.submit(new SourceRecord({ topic: 't', sourcePartition: { f: 1 }, sourceOffset: { n: 6 } })).ack(meta(4));
    submitted.submit(new SourceRecord({ topic: 't', sourcePartition: { f: '1' }, sourceOffset: { n: 7 } })).ack(meta(5));
    const offsets = submitted.committable().offsets.map(([p, o]) => [JSON.stringify(p, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)), o.n]);
    expect(offsets).toEqual([['{"g":"a"}', 0], ['{"f":"a","g":"a"}', 0], ['{"f":1}', 6], ['{"f":"1"}', 7]]);
    a.ack(meta(0));
    expect(submitted.committable().offsets).toHaveLength(5);
  });

  it('compares a reused frozen partition object and an equal fresh one as the same partition', () => {
    const { submitted } = tracked();
    const partition = Object.freeze({ task: 0 });
    const first = submitted.submit(new SourceRecord({ topic: 't', sourcePartition: partition, sourceOffset: { seq: 0 } }));
    submitted.submit(new SourceRecord({ topic: 't', sourcePartition: { task: 0 }, sourceOffset: { seq: 1 } })).ack(meta(1));
    submitted.submit(new SourceRecord({ topic: 't', sourcePartition: partition, sourceOffset: { seq: 2 } })).ack(meta(2));
    expect(submitted.committable().records).toBe(0);
    first.ack(meta(0));
    expect(submitted.committable().offsets.map(([, o]) => o.seq)).toEqual([2]);
  });

  it('holds no records once they are acknowledged, however many wait for the commit', () => {
    const { submitted } = tracked();
    const partition = Object.freeze({ task: 0 });
    for (let seq = 0; seq < 5000; seq++) submitted.submit(new SourceRecord({ topic: 't', sourcePartition: partition, sourceOffset: { seq } })).ack(meta(seq));
    expect(submitted.size).toBe(0);
    const batch = submitted.committable();
    expect(batch.records).toBe(5000);
    expect(batch.offsets.map(([, o]) => o.seq)).toEqual([4999]);
  });

  it('keeps records without a source partition in order but stores no offset for them', () => {
    const { submitted, handedOn } = tracked();
    submitted.submit(new SourceRecord({ topic: 't', value: 'x' })).ack(null);
    const batch = submitted.committable();
    expect(batch.records).toBe(1);
    expect(batch.offsets).toEqual([]);
    expect(handedOn).toEqual([{ value: 'x', metadata: null }]);
  });

  it('without a listener keeps the same offsets but not the records themselves', async () => {
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const submit = (submitted: SubmittedRecords) => {
      const values: WeakRef<object>[] = [];
      const entries = [0, 1, 2].map((seq) => {
        const value = { seq };
        values.push(new WeakRef(value));
        return submitted.submit(new SourceRecord({ topic: 't', sourcePartition: { task: 0 }, sourceOffset: { seq }, value }));
      });
      return { values, entries };
    };
    const bare = new SubmittedRecords();
    const kept = tracked().submitted;
    const a = submit(bare);
    const b = submit(kept);
    await new Promise((resolve) => setTimeout(resolve, 0)); // WeakRefs made in a job hold on until it ends
    collectGarbage();
    expect(a.values.map((v) => v.deref())).toEqual([undefined, undefined, undefined]);
    expect(b.values.map((v) => v.deref())).toEqual([{ seq: 0 }, { seq: 1 }, { seq: 2 }]);

    for (const { entries } of [a, b]) [entries[0], entries[2]].forEach((e, i) => e.ack(meta(i)));
    expect(bare.committable().offsets.map(([, o]) => o.seq)).toEqual([0]);
    a.entries[1].ack(meta(2));
    expect(bare.committable().offsets.map(([p, o]) => [p.task, o.seq])).toEqual([[0, 2]]);
    expect(bare.committable().records).toBe(3);
    expect(bare.size).toBe(0);
  });

  it('waits for outstanding acknowledgements with a deadline', async () => {
    const { submitted } = tracked();
    const record = submitted.submit(sourceRecord('a', 0, 'a0'));
    expect(await submitted.awaitAllAcked(20)).toBe(false);
    setTimeout(() => record.ack(meta(0)), 10);
    expect(await submitted.awaitAllAcked(1000)).toBe(true);
  });
});
