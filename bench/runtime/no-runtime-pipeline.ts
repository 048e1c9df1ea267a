/**
 * The second peer of the runtime benchmark: the end-to-end phase's work without the runtime, i.e.
 * what any connector runtime built on this client could reach at best on this machine. Datagen's
 * records are made and converted (datagen-bytes.ts), produced with the runtime's client set up like
 * the task producer (acks=all, idempotent, one send() of `batch` records in flight, Kafka's default
 * partitioner on the key), then fetched back through runtime/kafka's PartitionFetcher and parsed as
 * little as JsonConverter must (UTF-8 decode + JSON.parse). No SourceRecord or SinkRecord, offsets,
 * statuses or error handling. The work is spread over threads of one process:
 *
 *   2 threads: make + convert + produce | fetch + parse      (a thread per task, as Connect runs tasks)
 *   3 threads: make + convert | produce | fetch + parse      (the producer's client work on its own thread)
 *
 *   node bench/runtime/no-runtime-pipeline.ts '<PipelineSpec JSON>'  → prints `BENCH-RESULT <PipelineResult JSON>`
 *
 * The reader checks that it got every offset of every partition exactly once.
 */
import { isMainThread, MessageChannel, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { compatibilityPartitioner, Consumer, FetchIsolationLevels, Producer, ProduceAcks, type MessageToProduce } from '@platformatic/kafka';
import { partitionForKey } from '../../runtime/kafka/default-partitioner.ts';
import { PartitionFetcher } from '../../runtime/kafka/partition-fetcher.ts';
import { reportAndExit } from '../support/worker.ts';
import { datagenBytes } from './datagen-bytes.ts';
import type { Workload } from './workload.ts';

export interface PipelineSpec {
  bootstrap: string;
  topic: string;
  workload: Workload;
  /** Records per send(). */
  batch: number;
  threads: 2 | 3;
}

export interface PipelineResult {
  records: number;
  /** From the start signal until the reader had all records. */
  seconds: number;
  /** From the start signal until the last send() was acknowledged. */
  producedSeconds: number;
  /** CPU time (user + system) of the whole process, all threads, during the timed part. */
  cpuSeconds: number;
  problems: string[];
}

type Role = 'make-and-produce' | 'make' | 'produce' | 'read';

interface ThreadData {
  role: Role;
  spec: PipelineSpec;
  /** 3 threads: the maker's and the producer's ends of their channel. */
  port?: MessagePort;
}

/** Batches the maker may run ahead of the producer (3 threads). */
const MAKER_AHEAD = 16;

const now = () => performance.timeOrigin + performance.now();

function openProducer(spec: PipelineSpec): Producer {
  return new Producer({
    clientId: 'sluice-bench-no-runtime-producer',
    bootstrapBrokers: [spec.bootstrap],
    retries: 3,
    retryDelay: 250,
    acks: ProduceAcks.ALL,
    idempotent: true,
    compression: 'none',
    partitioner: compatibilityPartitioner,
  });
}

function message(spec: PipelineSpec, seq: number, key: Buffer | null, value: Buffer | null, timestamp: bigint): MessageToProduce<Buffer, Buffer, Buffer, Buffer> {
  const partition = key === null ? seq % spec.workload.partitions : partitionForKey(key, spec.workload.partitions);
  return { topic: spec.topic, partition, key: key ?? undefined, value: value ?? undefined, timestamp };
}

/** Sends batches one at a time (the next is prepared while one is in flight); resolves when all are acknowledged. */
class OneInFlight {
  readonly #producer: Producer;
  #inFlight: Promise<unknown> | undefined;

  constructor(producer: Producer) {
    this.#producer = producer;
  }

  async send(messages: MessageToProduce<Buffer, Buffer, Buffer, Buffer>[]): Promise<void> {
    await this.#inFlight;
    this.#inFlight = this.#producer.send({ messages });
  }

  async drain(): Promise<void> {
    await this.#inFlight;
  }
}

async function makeAndProduce(spec: PipelineSpec, ready: () => void, start: Promise<void>): Promise<number> {
  const make = datagenBytes(spec.workload, spec.topic);
  const producer = openProducer(spec);
  try {
    await producer.metadata({ topics: [spec.topic] });
    ready();
    await start;
    const sender = new OneInFlight(producer);
    const total = spec.workload.records;
    for (let first = 0; first < total; first += spec.batch) {
      const last = Math.min(total, first + spec.batch);
      const stamp = Date.now();
      const timestamp = BigInt(stamp);
      const messages = new Array<MessageToProduce<Buffer, Buffer, Buffer, Buffer>>(last - first);
      for (let seq = first; seq < last; seq++) {
        const { key, value } = make(seq, stamp);
        messages[seq - first] = message(spec, seq, key, value, timestamp);
      }
      await sender.send(messages);
    }
    await sender.drain();
    return now();
  } finally {
    await producer.close();
  }
}

/** A batch crossing threads: per record a length-prefixed key and value (-1: null). */
function pack(records: { key: Buffer | null; value: Buffer | null }[]): ArrayBuffer {
  let size = 0;
  for (const r of records) size += 8 + (r.key?.length ?? 0) + (r.value?.length ?? 0);
  const out = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const r of records) {
    for (const part of [r.key, r.value]) {
      out.writeInt32LE(part === null ? -1 : part.length, at);
      at += 4;
      if (part !== null) at += part.copy(out, at);
    }
  }
  return out.buffer as ArrayBuffer;
}

function unpack(spec: PipelineSpec, bytes: ArrayBuffer, firstSeq: number, count: number, timestamp: bigint): MessageToProduce<Buffer, Buffer, Buffer, Buffer>[] {
  const buffer = Buffer.from(bytes);
  const out = new Array<MessageToProduce<Buffer, Buffer, Buffer, Buffer>>(count);
  let at = 0;
  const next = (): Buffer | null => {
    const length = buffer.readInt32LE(at);
    at += 4;
    if (length < 0) return null;
    at += length;
    return buffer.subarray(at - length, at);
  };
  for (let i = 0; i < count; i++) {
    const key = next();
    out[i] = message(spec, firstSeq + i, key, next(), timestamp);
  }
  return out;
}

async function makeOnly(spec: PipelineSpec, port: MessagePort, ready: () => void, start: Promise<void>): Promise<void> {
  const make = datagenBytes(spec.workload, spec.topic);
  let credits = MAKER_AHEAD;
  let wake: (() => void) | undefined;
  port.on('message', () => {
    credits++;
    wake?.();
  });
  ready();
  await start;
  const total = spec.workload.records;
  for (let first = 0; first < total; first += spec.batch) {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    const last = Math.min(total, first + spec.batch);
    const stamp = Date.now();
    const records = [];
    for (let seq = first; seq < last; seq++) records.push(make(seq, stamp));
    const bytes = pack(records);
    port.postMessage({ first, count: last - first, stamp, bytes }, [bytes]);
  }
}

async function produceOnly(spec: PipelineSpec, port: MessagePort, ready: () => void): Promise<number> {
  const producer = openProducer(spec);
  const queue: { first: number; count: number; stamp: number; bytes: ArrayBuffer }[] = [];
  let wake: (() => void) | undefined;
  port.on('message', (batch) => {
    queue.push(batch);
    wake?.();
  });
  try {
    await producer.metadata({ topics: [spec.topic] });
    ready();
    const sender = new OneInFlight(producer);
    for (let done = 0; done < spec.workload.records; ) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const batch = queue.shift()!;
      await sender.send(unpack(spec, batch.bytes, batch.first, batch.count, BigInt(batch.stamp)));
      port.postMessage('credit');
      done += batch.count;
    }
    await sender.drain();
    return now();
  } finally {
    await producer.close();
  }
}

async function read(spec: PipelineSpec, ready: () => void, start: Promise<void>): Promise<{ at: number; problems: string[] }> {
  const consumer = new Consumer({
    clientId: 'sluice-bench-no-runtime-reader',
    bootstrapBrokers: [spec.bootstrap],
    groupId: 'sluice-bench-unused',
    isolationLevel: FetchIsolationLevels.READ_UNCOMMITTED,
    retries: 2,
    retryDelay: 250,
  });
  const problems: string[] = [];
  try {
    const fetcher = new PartitionFetcher({ consumer, offsetReset: 'earliest' });
    await consumer.metadata({ topics: [spec.topic] });
    const expected = new Array<number>(spec.workload.partitions).fill(0);
    for (let p = 0; p < expected.length; p++) fetcher.assign(spec.topic, p, 0);
    ready();
    await start;
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let parsed = 0;
    for (let got = 0; got < spec.workload.records; ) {
      for (const record of await fetcher.poll(250)) {
        if (record.offset !== expected[record.partition]) problems.push(`partition ${record.partition}: offset ${record.offset}, expected ${expected[record.partition]}`);
        expected[record.partition] = record.offset + 1;
        if (record.value !== null && JSON.parse(decoder.decode(record.value)) !== undefined) parsed++;
        got++;
        if (problems.length > 20) throw new Error(problems.join('\n'));
      }
    }
    if (parsed !== spec.workload.records) problems.push(`${parsed} values parsed, expected ${spec.workload.records}`);
    return { at: now(), problems };
  } finally {
    await consumer.close();
  }
}

/** Runs in each thread: connects, reports ready, waits for "go" (the producer of 3 threads waits for batches), reports when done. */
async function threadMain(data: ThreadData): Promise<void> {
  const port = parentPort!;
  const start = new Promise<void>((resolve) => port.once('message', () => resolve()));
  const ready = () => port.postMessage({ ready: true });
  switch (data.role) {
    case 'make-and-produce':
      port.postMessage({ produced: await makeAndProduce(data.spec, ready, start) });
      break;
    case 'make':
      await makeOnly(data.spec, data.port!, ready, start);
      port.postMessage({});
      break;
    case 'produce':
      port.postMessage({ produced: await produceOnly(data.spec, data.port!, ready) });
      break;
    case 'read':
      port.postMessage(await read(data.spec, ready, start));
      break;
  }
}

export async function runPipeline(spec: PipelineSpec): Promise<PipelineResult> {
  const threads: ThreadData[] = [{ role: 'read', spec }];
  if (spec.threads === 2) threads.push({ role: 'make-and-produce', spec });
  else {
    const { port1, port2 } = new MessageChannel();
    threads.push({ role: 'make', spec, port: port1 }, { role: 'produce', spec, port: port2 });
  }
  const workers = threads.map((data) => new Worker(new URL(import.meta.url), { workerData: data, transferList: data.port ? [data.port] : [] }));
  const failed = new Promise<never>((_, reject) => workers.forEach((w) => w.once('error', reject)));
  const next = (w: Worker) => Promise.race([failed, new Promise<Record<string, unknown>>((resolve) => w.once('message', resolve))]);
  try {
    // Connections and metadata before the clock starts, as for the raw producer.
    await Promise.all(workers.map(next));
    const results = workers.map(next);
    const cpuBefore = process.cpuUsage();
    const started = now();
    for (const w of workers) w.postMessage('go');
    const [reader, ...writers] = await Promise.all(results);
    const cpu = process.cpuUsage(cpuBefore);
    const produced = Math.max(...writers.map((w) => (w.produced as number | undefined) ?? 0));
    return {
      records: spec.workload.records,
      seconds: ((reader.at as number) - started) / 1000,
      producedSeconds: (produced - started) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      problems: reader.problems as string[],
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

if (!isMainThread) {
  await threadMain(workerData as ThreadData);
} else if (import.meta.main) {
  reportAndExit(runPipeline(JSON.parse(process.argv[2] ?? '') as PipelineSpec));
}
