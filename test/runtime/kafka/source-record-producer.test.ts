// The source task producer against the real broker, on the event loop and on a thread of its own
// (the same contract): placement, per-record offsets, ordering of concurrent sends, headers,
// timestamps and tombstones as read back from the topic, errors.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeError } from '../../../runtime/errors.ts';
import { createAdmin, createSourceRecordProducer, KafkaBasedLog, partitionForKey, type LogRecord } from '../../../runtime/kafka/index.ts';
import { createThreadedSourceRecordProducer } from '../../../runtime/kafka/producer-thread/threaded-producer.ts';
import { startBrokerProcess, type BrokerProcess } from '../../support/broker-process.ts';

let broker: BrokerProcess;

const VARIANTS = [
  ['loop', createSourceRecordProducer],
  ['thread', createThreadedSourceRecordProducer],
] as const;

beforeAll(async () => {
  broker = await startBrokerProcess();
  const admin = createAdmin({ bootstrapServers: broker.bootstrap });
  await admin.createTopics({ topics: VARIANTS.flatMap(([variant]) => [`orders-${variant}`, `events-${variant}`]), partitions: 4, replicas: 1 });
  await admin.close();
});

afterAll(async () => {
  await broker?.stop();
  broker?.cleanup();
});

async function readAll(topic: string): Promise<LogRecord[]> {
  const records: LogRecord[] = [];
  const log = new KafkaBasedLog({ topic, client: { bootstrapServers: broker.bootstrap }, consume: (r) => records.push(r), readOnly: true });
  await log.start();
  await log.stop();
  return records;
}

describe.each(VARIANTS)('SourceRecordProducer (%s)', (variant, createSourceRecordProducer) => {
  const orders = `orders-${variant}`;
  const events = `events-${variant}`;

  it('cuts a send larger than the broker accepts per batch into requests under max.request.size', async () => {
    // Regression: 10 000 records of ~440 B (datagen with JSON schemas) went out as one 4 MiB
    // request and the broker answered MESSAGE_TOO_LARGE.
    const producer = await createSourceRecordProducer({ client: { bootstrapServers: broker.bootstrap }, name: `big-0-${variant}` });
    try {
      const value = Buffer.alloc(440, 'x');
      const metadata = await producer.send(Array.from({ length: 10_000 }, () => ({ topic: events, partition: 1, key: null, value })));
      expect(metadata).toHaveLength(10_000);
      expect(metadata.map((m) => m.offset)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    } finally {
      await producer.close();
    }
  });

  it('places keyed records by Kafka’s partitioner and reports each record’s offset', async () => {
    const producer = await createSourceRecordProducer({ client: { bootstrapServers: broker.bootstrap }, name: `src-0-${variant}` });
    try {
      expect(producer.idempotent).toBe(true);
      const keys = Array.from({ length: 20 }, (_, i) => Buffer.from(`order-${i}`));
      const metadata = await producer.send(
        keys.map((key, i) => ({
          topic: orders,
          key,
          value: i === 3 ? null : Buffer.from(`v${i}`),
          headers: [['source', Buffer.from('pg')], ['empty', null]],
          timestamp: 1_700_000_000_000 + i,
        })),
      );
      expect(metadata.map((m) => m.partition)).toEqual(keys.map((k) => partitionForKey(k, 4)));
      const read = await readAll(orders);
      expect(read).toHaveLength(20);
      for (const [i, m] of metadata.entries()) {
        const record = read.find((r) => r.partition === m.partition && r.offset === m.offset)!;
        expect(record.key?.toString()).toBe(`order-${i}`);
        expect(record.value?.toString() ?? null).toBe(i === 3 ? null : `v${i}`);
        expect(record.timestamp).toBe(1_700_000_000_000 + i);
        expect(m.timestamp).toBe(record.timestamp);
        expect(record.headers).toEqual([['source', Buffer.from('pg')], ['empty', null]]);
      }
    } finally {
      await producer.close();
    }
  });

  it('keeps concurrent sends in call order (batched while a request is in flight) and spreads keyless records', async () => {
    const producer = await createSourceRecordProducer({ client: { bootstrapServers: broker.bootstrap }, name: `src-1-${variant}`, lingerMs: 2 });
    try {
      const sends = Array.from({ length: 10 }, (_, i) => producer.send([{ topic: events, partition: 2, key: null, value: Buffer.from(String(i)) }]));
      const results = (await Promise.all(sends)).flat();
      expect(results.map((r) => r.offset)).toEqual(results.map((_, i) => results[0].offset + i));
      const keyless = await producer.send(Array.from({ length: 8 }, () => ({ topic: events, key: null, value: Buffer.from('x') })));
      expect(new Set(keyless.map((m) => m.partition)).size).toBe(4);
      await producer.flush();
      const read = (await readAll(events)).filter((r) => r.partition === 2 && r.value?.toString() !== 'x');
      expect(read.map((r) => r.value?.toString())).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    } finally {
      await producer.close();
    }
  });

  it('fails with a KAFKA error naming the problem for a topic that does not exist', async () => {
    const producer = await createSourceRecordProducer({ client: { bootstrapServers: broker.bootstrap }, name: `src-2-${variant}`, deliveryTimeoutMs: 1_000 });
    try {
      await expect(producer.send([{ topic: 'missing-topic', key: null, value: Buffer.from('x') }])).rejects.toMatchObject({ kind: { code: 'KAFKA' }, message: expect.stringContaining(`src-2-${variant}`) });
    } finally {
      await producer.close();
    }
  });
});

describe('SourceRecordProducer on a thread of its own', () => {
  it('relays its log lines to the worker logger, fails what is pending when the cluster is gone, and rejects sends once closed', async () => {
    const own = await startBrokerProcess();
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const producer = await createThreadedSourceRecordProducer({ client: { bootstrapServers: own.bootstrap }, name: 'relay', deliveryTimeoutMs: 1_500, autocreateTopics: true, logger });
    try {
      expect(await producer.send([{ topic: 'relayed', key: null, value: Buffer.from('x') }])).toMatchObject([{ topic: 'relayed', offset: 0 }]);
      await own.stop();
      const failure = await producer.send([{ topic: 'relayed', key: null, value: Buffer.from('y') }]).catch((error: unknown) => error);
      // Rebuilt on this side as the RuntimeError it was in the thread (TIMEOUT or KAFKA, depending on how the retries end).
      expect(failure).toBeInstanceOf(RuntimeError);
      expect((failure as RuntimeError).message).toContain('for relay');
      // The thread's retry warnings, logged by the worker's logger with the thread named.
      expect(lines.filter((l) => l.producerThread === 'relay' && l.msg === 'producing failed; retrying' && l.level === 40).length).toBeGreaterThan(0);
    } finally {
      await producer.close();
      own.cleanup();
    }
    await expect(producer.send([{ topic: 'relayed', key: null, value: Buffer.from('z') }])).rejects.toThrow('producer relay is closed');
  });

  it('falls back to the event loop when the client options cannot be cloned to a thread', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const client = { bootstrapServers: broker.bootstrap, overrides: { context: { hook: () => 'not cloneable' } } };
    const producer = await createThreadedSourceRecordProducer({ client, name: 'clone', logger });
    try {
      expect(lines.map((l) => l.msg)).toContain('the Kafka client options cannot be passed to a thread; producing on the event loop');
      expect(await producer.send([{ topic: 'events-thread', partition: 3, key: null, value: Buffer.from('x') }])).toMatchObject([{ topic: 'events-thread', partition: 3 }]);
    } finally {
      await producer.close();
    }
    // The thread that was booted for it is gone without an unhandled rejection (vitest fails the run on one).
    await new Promise((resolve) => setTimeout(resolve, 200));
  });

  it('fails to open, with the same error as on the event loop, when no broker answers', async () => {
    const client = { bootstrapServers: '127.0.0.1:1', overrides: { connectTimeout: 300 } };
    const onLoop = await createSourceRecordProducer({ client, name: 'nobody' }).catch((error: unknown) => error);
    const onThread = await createThreadedSourceRecordProducer({ client, name: 'nobody' }).catch((error: unknown) => error);
    expect(onThread).toBeInstanceOf(RuntimeError);
    expect(onThread).toMatchObject({ kind: (onLoop as RuntimeError).kind, message: (onLoop as RuntimeError).message });
  });
});
