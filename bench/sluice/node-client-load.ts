/**
 * Sluice with a Node client (@platformatic/kafka), the like-for-like counterpart of the nats.js
 * and node-redis load generators. Runs in a worker process (bench/support/worker.ts).
 *   produce  - producer.send() of batches of `batch` records (one partition per batch, cycling
 *              over the partitions like a sticky partitioner), `window` sends in flight,
 *              acks=all, no compression. The topic exists already.
 *   consume  - consumer.fetch() in a loop from offset 0 of every partition (a standalone,
 *              assign()-style consumer: no group, no commits), counting records until all N
 *              arrived.
 *   latency  - one record per send(), each awaited (acks=all).
 */
import { Consumer, Producer, ProduceAcks } from '@platformatic/kafka';
import {
  payloadPool,
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
  // A batch must stay under the topic's max.message.bytes (1 MiB by default, as in Kafka; the
  // broker answers MESSAGE_TOO_LARGE otherwise): at most ~900 KiB of values per send.
  const batch = spec.tuning?.batch ?? Math.min(2_000, Math.floor((900 * 1024) / (spec.size + 32)));
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
  // A standalone consumer: Fetch requests for all partitions, one in flight, each partition
  // resuming after the last record it got (what an assign()ed consumer does). No consumer
  // group, no commits; the same shape as the NATS pull consumer and the XRANGE loop.
  const partitionMaxBytes = spec.tuning?.partitionMaxBytes ?? 8 * 1024 * 1024;
  const consumer = new Consumer({
    clientId: 'sluice-bench-consumer',
    groupId: `sluice-bench-${spec.name}`,
    bootstrapBrokers: [spec.target],
    maxBytes: spec.tuning?.maxBytes ?? 50 * 1024 * 1024,
    minBytes: 1,
    maxWaitTime: 100,
    retries: 2,
  });
  let records = 0;
  let bytes = 0;
  let wrongSize = 0;
  let fetches = 0;
  try {
    consumer.topics.trackAll(spec.name);
    const metadata = await consumer.metadata({ topics: [spec.name] });
    const topic = metadata.topics.get(spec.name);
    if (!topic) throw new Error(`topic ${spec.name} not in metadata`);
    const next = topic.partitions.map(() => 0n);
    const byLeader = new Map<number, number[]>();
    topic.partitions.forEach((p, index) => byLeader.set(p.leader, [...(byLeader.get(p.leader) ?? []), index]));
    if (byLeader.size !== 1) throw new Error(`expected one leader, got ${byLeader.size}`);
    const [node, partitions] = [...byLeader][0]!;
    const stall = { last: performance.now(), ms: spec.tuning?.stallMs ?? 10_000 };
    const started = performance.now();
    while (records < spec.records) {
      const response = await consumer.fetch({
        node,
        topics: [
          {
            topicId: topic.id,
            partitions: partitions.map((partition) => ({
              partition,
              fetchOffset: next[partition]!,
              currentLeaderEpoch: -1,
              lastFetchedEpoch: -1,
              partitionMaxBytes,
            })),
          },
        ],
      });
      fetches++;
      let got = 0;
      for (const topicResponse of response.responses) {
        for (const partition of topicResponse.partitions) {
          if (partition.errorCode !== 0) throw new Error(`fetch: partition ${partition.partitionIndex} error ${partition.errorCode}`);
          for (const batch of partition.records ?? []) {
            const from = next[partition.partitionIndex]!;
            for (const record of batch.records) {
              if (batch.firstOffset + BigInt(record.offsetDelta) < from) continue; // before the fetch offset
              const length = record.value?.length ?? 0;
              bytes += length;
              if (length !== spec.size) wrongSize++;
              records++;
              got++;
            }
            const end = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
            if (end > from) next[partition.partitionIndex] = end;
          }
        }
      }
      if (got > 0) stall.last = performance.now();
      else if (performance.now() - stall.last > stall.ms) break;
    }
    const seconds = (performance.now() - started) / 1000;
    return { records, bytes, seconds, wrongSize, notes: [`${fetches} fetches`] };
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
