// KafkaBasedLog against the real broker process: initial read, tailing, readToEnd, placement of keyed
// records by Kafka's default partitioner, tombstones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaBasedLog, partitionForKey, type LogRecord } from '../../../runtime/kafka/index.ts';
import { startBrokerProcess, type BrokerProcess } from '../../support/broker-process.ts';

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBrokerProcess();
});

afterAll(async () => {
  await broker?.stop();
  broker?.cleanup();
});

function openLog(topic: string, seen: LogRecord[], partitions = 3): KafkaBasedLog {
  return new KafkaBasedLog({
    topic,
    client: { bootstrapServers: broker.bootstrap, clientId: 'log-test' },
    consume: (r) => seen.push(r),
    topicSpec: { name: topic, partitions, replicationFactor: 1, configs: { 'cleanup.policy': 'compact' }, compactOnly: { configKey: 'test.topic', purpose: 'test records' } },
  });
}

describe('KafkaBasedLog', () => {
  it('creates its topic, writes keyed records to the default-partitioner partition and reads them back', async () => {
    const seen: LogRecord[] = [];
    const log = openLog('kbl-basic', seen);
    await log.start();
    try {
      expect(log.partitionCount).toBe(3);
      expect(log.idempotent).toBe(true);
      const receipts = await log.sendAll([
        { key: Buffer.from('21'), value: Buffer.from('a') },
        { key: Buffer.from('foobar'), value: Buffer.from('b') },
        { key: Buffer.from('21'), value: null },
      ]);
      expect(receipts.map((r) => r.partition)).toEqual([partitionForKey(Buffer.from('21'), 3), partitionForKey(Buffer.from('foobar'), 3), partitionForKey(Buffer.from('21'), 3)]);
      await log.readToEnd();
      expect(seen.map((r) => [r.key?.toString(), r.value?.toString() ?? null, r.partition, r.offset])).toEqual(
        expect.arrayContaining([
          ['21', 'a', receipts[0].partition, receipts[0].offset],
          ['foobar', 'b', receipts[1].partition, receipts[1].offset],
          ['21', null, receipts[2].partition, receipts[2].offset],
        ]),
      );
    } finally {
      await log.stop();
    }
  });

  it('a second log sees the first one’s records at start and while tailing', async () => {
    const first: LogRecord[] = [];
    const writer = openLog('kbl-two', first, 1);
    await writer.start();
    await writer.send(Buffer.from('k1'), Buffer.from('v1'));
    const second: LogRecord[] = [];
    const reader = openLog('kbl-two', second, 1);
    await reader.start();
    try {
      expect(second.map((r) => r.value?.toString())).toEqual(['v1']);
      await writer.send(Buffer.from('k2'), Buffer.from('v2'));
      await reader.readToEnd();
      expect(second.map((r) => r.value?.toString())).toEqual(['v1', 'v2']);
      // Tailing without readToEnd: the long poll delivers the record on its own.
      await writer.send(Buffer.from('k3'), Buffer.from('v3'));
      await expect.poll(() => second.length, { timeout: 5_000 }).toBe(3);
    } finally {
      await reader.stop();
      await writer.stop();
    }
  });

  it('refuses an existing internal topic that is not compacted', async () => {
    const seen: LogRecord[] = [];
    const plain = new KafkaBasedLog({
      topic: 'kbl-delete',
      client: { bootstrapServers: broker.bootstrap },
      consume: (r) => seen.push(r),
      topicSpec: { name: 'kbl-delete', partitions: 1, replicationFactor: 1, configs: { 'cleanup.policy': 'delete' } },
    });
    await plain.start();
    await plain.stop();
    const strict = openLog('kbl-delete', seen, 1);
    await expect(strict.start()).rejects.toMatchObject({ kind: { code: 'INVALID_CONFIG' }, message: expect.stringContaining("cleanup.policy=delete") });
  });

  it('stop() during start() makes start fail and closes everything', async () => {
    const log = openLog('kbl-abort', [], 1);
    const starting = log.start();
    await log.stop();
    await expect(starting).rejects.toMatchObject({ message: expect.stringContaining('stopped') });
    await expect(log.readToEnd()).rejects.toMatchObject({ kind: { code: 'INTERNAL' } });
  });

  it('reports a broker it cannot reach instead of hanging, and recovers when it is back', async () => {
    const own = await startBrokerProcess();
    const seen: LogRecord[] = [];
    const log = new KafkaBasedLog({
      topic: 'kbl-outage',
      client: { bootstrapServers: own.bootstrap, overrides: { retries: 0, connectTimeout: 500 } },
      consume: (r) => seen.push(r),
      topicSpec: { name: 'kbl-outage', partitions: 1, replicationFactor: 1 },
      sendTimeoutMs: 2_000,
    });
    let restarted: BrokerProcess | undefined;
    try {
      await log.start();
      await log.send(Buffer.from('k'), Buffer.from('before'));
      await own.stop();
      await expect(log.readToEnd(1_000)).rejects.toMatchObject({ kind: { retriable: true } });
      await expect(log.send(Buffer.from('k'), Buffer.from('lost'))).rejects.toMatchObject({ kind: { retriable: true }, message: expect.stringContaining("topic 'kbl-outage'") });
      restarted = await startBrokerProcess({ dataDir: own.dataDir, port: own.port });
      await log.send(Buffer.from('k'), Buffer.from('after'));
      await log.readToEnd(10_000);
      // The timed-out write may still land once the broker is back (at-least-once), never after 'after'.
      expect(seen.map((r) => r.value?.toString())).toEqual(expect.arrayContaining(['before', 'after']));
      expect(seen[0].value?.toString()).toBe('before');
      expect(seen.at(-1)?.value?.toString()).toBe('after');
    } finally {
      await log.stop();
      await restarted?.stop();
      own.cleanup();
    }
  });

  it('readToEnd on an idle log answers at once, not behind the tailing long poll', async () => {
    const log = new KafkaBasedLog({
      topic: 'kbl-idle',
      client: { bootstrapServers: broker.bootstrap },
      consume: () => {},
      topicSpec: { name: 'kbl-idle', partitions: 1, replicationFactor: 1 },
      tailWaitMs: 3_000,
    });
    await log.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = performance.now();
      await log.readToEnd();
      await log.send(null, Buffer.from('x'));
      await log.readToEnd();
      expect(performance.now() - started).toBeLessThan(1_500);
    } finally {
      await log.stop();
    }
  });
});
