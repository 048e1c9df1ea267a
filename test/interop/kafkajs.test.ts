// Interop with kafkajs 2.2.4, against the real broker process. kafkajs ships only gzip
// among the codecs (snappy/lz4/zstd need third-party plugins), so those two are tested.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompressionTypes, Kafka, logLevel, type EachMessagePayload } from 'kafkajs';
import { startBrokerProcess, type BrokerProcess } from '../support/broker-process.ts';
import { sampleRecords } from '../support/sample-records.ts';
import { storedCodecs } from '../support/stored-batches.ts';

let broker: BrokerProcess;
let kafka: Kafka;

beforeAll(async () => {
  broker = await startBrokerProcess();
  kafka = new Kafka({ clientId: 'interop', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
});

afterAll(async () => {
  await broker?.stop();
  broker?.cleanup();
});

describe('kafkajs 2.2.4', () => {
  it('creates and lists topics through the admin client', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.createTopics({ topics: [{ topic: 'kjs-admin', numPartitions: 2 }] })).toBe(true);
      expect(await admin.listTopics()).toContain('kjs-admin');
      const offsets = await admin.fetchTopicOffsets('kjs-admin');
      expect(offsets.map((o) => [o.partition, o.high, o.low]).sort()).toEqual([
        [0, '0', '0'],
        [1, '0', '0'],
      ]);
      await admin.deleteTopics({ topics: ['kjs-admin'] });
      expect(await admin.listTopics()).not.toContain('kjs-admin');
    } finally {
      await admin.disconnect();
    }
  });

  for (const [name, compression] of [
    ['none', CompressionTypes.None],
    ['gzip', CompressionTypes.GZIP],
  ] as const) {
    it(`produces keyed and unkeyed records with headers and consumes them back byte-identical (${name})`, async () => {
      const topic = `kjs-${name}`;
      const records = sampleRecords(100);
      const producer = kafka.producer({ allowAutoTopicCreation: true });
      await producer.connect();
      await producer.send({
        topic,
        compression,
        acks: -1,
        messages: records.map((r) => ({ key: r.key, value: r.value, partition: 0, headers: Object.fromEntries(r.headers) as Record<string, Buffer> })),
      });
      await producer.disconnect();

      const consumer = kafka.consumer({ groupId: `kjs-group-${name}`, sessionTimeout: 10_000, heartbeatInterval: 500 });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const got: EachMessagePayload['message'][] = [];
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`consumed ${got.length} of ${records.length}`)), 30_000);
        consumer
          .run({
            eachMessage: async ({ message }) => {
              got.push(message);
              if (got.length === records.length) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
      await consumer.disconnect();

      expect(got.map((m) => Number(m.offset))).toEqual(records.map((_, i) => i));
      expect(storedCodecs(broker.dataDir, topic)).toEqual([name]);
      got.forEach((m, i) => {
        expect(m.key).toEqual(records[i].key);
        expect(m.value).toEqual(records[i].value);
        expect(Object.entries(m.headers ?? {})).toEqual(records[i].headers);
      });
    });
  }
});
