/**
 * Sluice with a Node client (@platformatic/kafka), the like-for-like counterpart of the nats.js
 * and node-redis load generators. Runs in a worker process (bench/support/worker.ts).
 *   produce  - producer.send() of batches of `batch` records (one partition per batch, cycling
 *              over the partitions like a sticky partitioner), `window` sends in flight,
 *              acks=all, no compression. The topic exists already.
 *   consume  - a consumer stream from the earliest offset (its own fresh group, no commits),
 *              counting records until all N arrived.
 *   latency  - one record per send(), each awaited (acks=all).
 */
import { Consumer, Producer, ProduceAcks } from '@platformatic/kafka';
import {
  payloadPool,
  StallTimer,
  summarize,
  withWindow,
  type ConsumeResult,
  type LatencyResult,
  type LoadSpec,
  type ProduceResult,
} from '../support/workload.ts';

function newProducer(bootstrap: string, maxInflights: number): Producer<Buffer, Buffer, Buffer, Buffer> {
  return new Producer({
    clientId: 'sluice-bench-producer',
    bootstrapBrokers: [bootstrap],
    acks: ProduceAcks.ALL,
    idempotent: false,
    autocreateTopics: false,
    maxInflights,
    retries: 0,
  });
}

export async function produce(spec: LoadSpec): Promise<ProduceResult> {
  const batch = spec.tuning?.batch ?? 2_000;
  const window = spec.tuning?.window ?? 8;
  const partitions = spec.partitions ?? 1;
  const producer = newProducer(spec.target, window);
  try {
    const pool = payloadPool(spec.size);
    // Metadata and connection set-up outside the timed section, as for the other clients.
    await producer.metadata({ topics: [spec.name] });
    const batches = Math.ceil(spec.records / batch);
    const sendMs: number[] = [];
    const started = performance.now();
    await withWindow(batches, window, async (b) => {
      const first = b * batch;
      const last = Math.min(spec.records, first + batch);
      const partition = b % partitions;
      const messages = new Array(last - first);
      for (let i = first; i < last; i++) messages[i - first] = { topic: spec.name, partition, value: pool[i % pool.length]! };
      const t0 = performance.now();
      await producer.send({ messages });
      sendMs.push(performance.now() - t0);
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      records: spec.records,
      bytes: spec.records * spec.size,
      seconds,
      loadedAck: { ...summarize(sendMs), unit: `one send() of ${batch} records, ${window} sends in flight` },
    };
  } finally {
    await producer.close();
  }
}

export async function consume(spec: LoadSpec): Promise<ConsumeResult> {
  const consumer = new Consumer({
    clientId: 'sluice-bench-consumer',
    groupId: `sluice-bench-${spec.name}-${Date.now()}`,
    bootstrapBrokers: [spec.target],
    maxBytes: spec.tuning?.maxBytes ?? 50 * 1024 * 1024,
    maxWaitTime: 100,
    retries: 2,
  });
  let records = 0;
  let bytes = 0;
  let wrongSize = 0;
  try {
    const joinStarted = performance.now();
    const stream = await consumer.consume({
      topics: [spec.name],
      mode: 'earliest',
      autocommit: false,
      maxBytesPerPartition: spec.tuning?.maxBytesPerPartition ?? 8 * 1024 * 1024,
    });
    // The group join is set-up (like creating the NATS consumer); the clock starts once the
    // stream exists, before its first fetch has been answered.
    const started = performance.now();
    const joinMs = started - joinStarted;
    await new Promise<void>((resolve, reject) => {
      const stall = new StallTimer(spec.tuning?.stallMs ?? 10_000, resolve);
      stream.on('error', (error) => {
        stall.clear();
        reject(error);
      });
      stream.on('data', (message) => {
        if (records >= spec.records) return;
        stall.touch();
        const length = message.value?.length ?? 0;
        bytes += length;
        if (length !== spec.size) wrongSize++;
        if (++records === spec.records) {
          stall.clear();
          resolve();
        }
      });
    });
    const seconds = (performance.now() - started) / 1000;
    await stream.close();
    return { records, bytes, seconds, wrongSize, notes: [`group join took ${joinMs.toFixed(0)} ms (not timed)`] };
  } finally {
    await consumer.close(true);
  }
}

export async function latency(spec: LoadSpec): Promise<LatencyResult> {
  const samples = spec.samples ?? 2000;
  const warmup = spec.warmup ?? 200;
  const producer = newProducer(spec.target, 1);
  try {
    await producer.metadata({ topics: [spec.name] });
    const pool = payloadPool(spec.size, 64);
    const times: number[] = [];
    for (let i = 0; i < warmup + samples; i++) {
      const t0 = performance.now();
      await producer.send({ messages: [{ topic: spec.name, partition: 0, value: pool[i % pool.length]! }] });
      if (i >= warmup) times.push(performance.now() - t0);
    }
    return summarize(times);
  } finally {
    await producer.close();
  }
}
