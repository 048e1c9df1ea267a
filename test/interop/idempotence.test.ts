// Idempotent producers of the test-matrix clients against the real broker process: librdkafka (kcat),
// kafkajs and @platformatic/kafka produce with idempotence on and every record is read back exactly once,
// also when the broker's answer to a Produce request is lost and the client retries the same batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { Producer } from '@platformatic/kafka';
import { startBrokerProcess, type BrokerProcess } from '../support/broker-process.ts';
import { runCommand } from '../support/run-command.ts';
import { startLossyProxy, type LossyProxy } from './idempotence-lossy-proxy.ts';

let proxy: LossyProxy;
let broker: BrokerProcess;

beforeAll(async () => {
  proxy = await startLossyProxy();
  broker = await startBrokerProcess({ config: { 'advertised.listeners': proxy.address } });
  proxy.setTarget(broker.host, broker.port);
});

afterAll(async () => {
  await proxy?.close();
  await broker?.stop();
  broker?.cleanup();
});

/** Every value in the topic's partition 0, in offset order, read with kcat. */
async function readBack(topic: string, expected: number): Promise<string[]> {
  const res = await runCommand('kcat', ['-C', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-o', 'beginning', '-e', '-q', '-f', '%o %s\n'], { timeoutMs: 30_000 });
  expect(res.code, res.stderr).toBe(0);
  const lines = res.stdout.toString().split('\n').filter(Boolean);
  expect(lines.map((line) => Number(line.slice(0, line.indexOf(' '))))).toEqual(Array.from({ length: lines.length }, (_, i) => i));
  expect(lines).toHaveLength(expected);
  return lines.map((line) => line.slice(line.indexOf(' ') + 1));
}

const valuesFor = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

/** The client did send a lost batch again (else the test would prove nothing about retries). */
function expectRetriedLostBatch(lostBefore: number): void {
  expect(proxy.lost).toBe(lostBefore + 1);
  const lost = proxy.lostBatches.at(-1)!;
  expect(lost).not.toMatch(/^-1:/);
  expect(proxy.sentBatches.filter((key) => key === lost).length).toBeGreaterThanOrEqual(2);
}

describe('kcat (librdkafka 2.0.2) with enable.idempotence=true', () => {
  async function kcatProduce(topic: string, values: string[]): Promise<void> {
    const res = await runCommand(
      'kcat',
      // Bootstrapping past the proxy keeps a second broker handle, so kcat does not quit when the proxy cuts
      // its one connection to broker 1 ("all brokers down").
      ['-P', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-X', 'enable.idempotence=true', '-X', 'linger.ms=20', '-X', 'batch.num.messages=10'],
      { input: values.join('\n') + '\n', timeoutMs: 60_000 },
    );
    expect(res.code, res.stderr).toBe(0);
  }

  it('produces and reads back every record once', async () => {
    const values = valuesFor('kcat', 200);
    await kcatProduce('idem-kcat', values);
    expect(await readBack('idem-kcat', values.length)).toEqual(values);
  });

  it('stores a retried batch once when the answer was lost', async () => {
    const values = valuesFor('kcat-lossy', 50);
    const lostBefore = proxy.lost;
    proxy.loseNextProduceResponse();
    await kcatProduce('idem-kcat-lossy', values);
    expectRetriedLostBatch(lostBefore);
    expect(await readBack('idem-kcat-lossy', values.length)).toEqual(values);
  });
});

describe('kafkajs 2.2.4 with idempotent: true', () => {
  async function kafkajsProduce(topic: string, values: string[]): Promise<void> {
    const kafka = new Kafka({ clientId: 'idem', brokers: [proxy.address], logLevel: logLevel.NOTHING, retry: { initialRetryTime: 50, retries: 10 } });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
    await producer.connect();
    try {
      for (let i = 0; i < values.length; i += 25) {
        await producer.send({ topic, acks: -1, messages: values.slice(i, i + 25).map((value) => ({ value, partition: 0 })) });
      }
    } finally {
      await producer.disconnect();
    }
  }

  it('produces and reads back every record once', async () => {
    const values = valuesFor('kjs', 100);
    await kafkajsProduce('idem-kafkajs', values);
    expect(await readBack('idem-kafkajs', values.length)).toEqual(values);
  });

  it('stores a retried batch once when the answer was lost', async () => {
    const values = valuesFor('kjs-lossy', 100);
    await kafkajsProduce('idem-kafkajs-lossy', values.slice(0, 25));
    const lostBefore = proxy.lost;
    proxy.loseNextProduceResponse();
    await kafkajsProduce('idem-kafkajs-lossy', values.slice(25));
    expectRetriedLostBatch(lostBefore);
    expect(await readBack('idem-kafkajs-lossy', values.length)).toEqual(values);
  });
});

describe('@platformatic/kafka with idempotent: true', () => {
  async function platformaticProduce(topic: string, values: string[], beforeSecondSend?: () => void): Promise<void> {
    const producer = new Producer({ clientId: 'idem', bootstrapBrokers: [proxy.address], idempotent: true, autocreateTopics: true, retryDelay: 50 });
    try {
      for (let i = 0; i < values.length; i += 25) {
        if (i === 25) beforeSecondSend?.();
        await producer.send({ messages: values.slice(i, i + 25).map((value) => ({ topic, partition: 0, value: Buffer.from(value) })) });
      }
    } finally {
      await producer.close();
    }
  }

  it('produces and reads back every record once', async () => {
    const values = valuesFor('plt', 100);
    await platformaticProduce('idem-platformatic', values);
    expect(await readBack('idem-platformatic', values.length)).toEqual(values);
  });

  it('stores a retried batch once when the answer was lost', async () => {
    const values = valuesFor('plt-lossy', 100);
    const lostBefore = proxy.lost;
    await platformaticProduce('idem-platformatic-lossy', values, () => proxy.loseNextProduceResponse());
    expectRetriedLostBatch(lostBefore);
    expect(await readBack('idem-platformatic-lossy', values.length)).toEqual(values);
  });
});
