// Interop with @platformatic/kafka 2.x, against the real broker process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin, Consumer, Producer, type RecordsBatch } from '@platformatic/kafka';
import { startBrokerProcess, type BrokerProcess } from '../support/broker-process.ts';
import { sampleRecords, type SampleRecord } from '../support/sample-records.ts';
import { storedCodecs } from '../support/stored-batches.ts';

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBrokerProcess();
});

afterAll(async () => {
  await broker?.stop();
  broker?.cleanup();
});

async function fetchAll(topic: string, expected: number): Promise<SampleRecord[]> {
  const consumer = new Consumer({ clientId: 'interop', groupId: `unused-${topic}`, bootstrapBrokers: [broker.bootstrap] });
  try {
    const metadata = await consumer.metadata({ topics: [topic] });
    const topicId = metadata.topics.get(topic)!.id;
    const out: SampleRecord[] = [];
    let offset = 0n;
    for (let attempt = 0; attempt < 50 && out.length < expected; attempt++) {
      const response = await consumer.fetch({
        node: 1,
        maxWaitTime: 500,
        topics: [{ topicId, partitions: [{ partition: 0, fetchOffset: offset, partitionMaxBytes: 1 << 20, currentLeaderEpoch: -1, lastFetchedEpoch: -1, logStartOffset: -1n }] }],
      });
      const partition = response.responses[0].partitions[0];
      expect(partition.errorCode).toBe(0);
      for (const batch of (partition.records ?? []) as RecordsBatch[]) {
        for (const r of batch.records) {
          const recordOffset = batch.firstOffset + BigInt(r.offsetDelta);
          if (recordOffset < offset) continue;
          out.push({ key: r.key, value: r.value, headers: r.headers.map(([k, v]) => [k!.toString(), v]) });
          offset = recordOffset + 1n;
        }
      }
    }
    return out;
  } finally {
    await consumer.close();
  }
}

describe('@platformatic/kafka 2.x', () => {
  it('creates, describes and deletes topics through the admin client', async () => {
    const admin = new Admin({ clientId: 'interop', bootstrapBrokers: [broker.bootstrap] });
    try {
      const created = await admin.createTopics({ topics: ['plat-admin'], partitions: 3, replicas: 1 });
      expect(created[0]).toMatchObject({ name: 'plat-admin', partitions: 3 });
      expect(await admin.listTopics()).toContain('plat-admin');
      const metadata = await admin.metadata({ topics: ['plat-admin'] });
      expect(metadata.topics.get('plat-admin')!.partitionsCount).toBe(3);
      await admin.deleteTopics({ topics: ['plat-admin'] });
      expect(await admin.listTopics()).not.toContain('plat-admin');
    } finally {
      await admin.close();
    }
  });

  for (const compression of ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const) {
    it(`produces keyed and unkeyed records with headers and fetches them back byte-identical (${compression})`, async () => {
      const topic = `plat-${compression}`;
      const records = sampleRecords(120);
      const producer = new Producer({ clientId: 'interop', bootstrapBrokers: [broker.bootstrap], compression, autocreateTopics: true });
      try {
        await producer.send({
          messages: records.map((r) => ({
            topic,
            partition: 0,
            key: r.key ?? undefined,
            value: r.value!,
            headers: new Map(r.headers.map(([k, v]) => [Buffer.from(k), v!])),
          })),
        });
      } finally {
        await producer.close();
      }
      const got = await fetchAll(topic, records.length);
      expect(got).toHaveLength(records.length);
      expect(got).toEqual(records.map((r) => ({ ...r, key: r.key ?? null })));
      expect(storedCodecs(broker.dataDir, topic)).toEqual([compression]);
    });
  }
});
