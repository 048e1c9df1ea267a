/**
 * The producer a source task's converted records go through (one per task, as in Connect). acks=all,
 * idempotent when the cluster supports it, keyed records placed by Kafka's default partitioner.
 *
 * Design: at most one produce request is in flight per producer. Records sent while one is in flight
 * wait and go together in the next request (plus up to `lingerMs` more), which batches under load
 * without reordering: with several requests in flight, a retried failure could land after a later
 * request, and a source partition's offsets must be committed in the order its records were written.
 */
import type { CompressionAlgorithmValue, Producer } from '@platformatic/kafka';
import type { Logger } from 'pino';
import type { RecordMetadata } from '../../connectors/sdk/index.ts';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import type { KafkaClientOptions } from './kafka-client-options.ts';
import { withDeadline } from './deadline.ts';
import { partitionForKey } from './default-partitioner.ts';
import { isRetriable, kafkaFailure } from './kafka-errors.ts';
import { ProducerSlot } from './producer-slot.ts';

/** A record ready for Kafka: converted key, value and headers. */
export interface ProducerRecord {
  readonly topic: string;
  /** Explicit partition; otherwise Kafka's default partitioner on the key (keyless: round robin per topic). */
  readonly partition?: number | null;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: ReadonlyArray<readonly [string, Buffer | null]>;
  /** Epoch milliseconds; default: when the record is sent. */
  readonly timestamp?: number | null;
}

export interface SourceRecordProducer {
  /** Whether writes are idempotent (false when the cluster lacks InitProducerId). */
  readonly idempotent: boolean;
  /**
   * Sends records; resolves with where each one landed, in the order given, once all in-sync replicas
   * have them. A rejection means none of them may be treated as written (some may have been).
   */
  send(records: readonly ProducerRecord[]): Promise<RecordMetadata[]>;
  /** Resolves when everything sent so far is acknowledged or failed. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface SourceRecordProducerOptions {
  readonly client: KafkaClientOptions;
  /** Used in the client id, e.g. "<connector>-<task>". */
  readonly name: string;
  /** Default true. */
  readonly idempotent?: boolean;
  /** Default "none". */
  readonly compression?: CompressionAlgorithmValue;
  /** Extra wait before a request goes out, to gather more records; default 0. */
  readonly lingerMs?: number;
  /** Upper bound of records per produce request; default 10 000. */
  readonly maxBatchRecords?: number;
  /**
   * Upper bound of a produce request's record bytes (Kafka's max.request.size); default 1 MiB.
   * Requests are cut below it, so a batch of large records never exceeds the broker's
   * max.message.bytes (1 MiB by default) however many records the count bound allows.
   */
  readonly maxRequestBytes?: number;
  /** How long transient failures are retried before send() rejects; default 120 s (Kafka's delivery.timeout.ms). */
  readonly deliveryTimeoutMs?: number;
  /** Create missing topics on first write (the broker's auto.create.topics.enable still applies); default false. */
  readonly autocreateTopics?: boolean;
  readonly logger?: Logger;
}

interface Pending {
  readonly records: readonly ProducerRecord[];
  /** recordsBytes(records), computed once. */
  readonly bytes: number;
  resolve(metadata: RecordMetadata[]): void;
  reject(error: Error): void;
}

export async function createSourceRecordProducer(options: SourceRecordProducerOptions): Promise<SourceRecordProducer> {
  const producers = new ProducerSlot(options.client, `${options.name}-producer`, { idempotent: options.idempotent, compression: options.compression, logger: options.logger });
  await producers.producer();
  return new BatchingSourceRecordProducer(producers, options);
}

class BatchingSourceRecordProducer implements SourceRecordProducer {
  readonly #producers: ProducerSlot;
  readonly #options: SourceRecordProducerOptions;
  #queue: Pending[] = [];
  #running: Promise<void> | undefined;
  #closed = false;
  readonly #roundRobin = new Map<string, number>();

  constructor(producers: ProducerSlot, options: SourceRecordProducerOptions) {
    this.#producers = producers;
    this.#options = options;
  }

  get idempotent(): boolean {
    return this.#producers.idempotent;
  }

  send(records: readonly ProducerRecord[]): Promise<RecordMetadata[]> {
    if (this.#closed) return Promise.reject(new RuntimeError(RuntimeErrors.INTERNAL, `producer ${this.#options.name} is closed`));
    if (records.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.#queue.push({ records, bytes: recordsBytes(records), resolve, reject });
      this.#running ??= this.#drain();
    });
  }

  async flush(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
    await this.#producers.close();
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        if (this.#options.lingerMs) await new Promise((resolve) => setTimeout(resolve, this.#options.lingerMs));
        const batch = this.#takeBatch();
        try {
          const metadata = await this.#produce(batch);
          let at = 0;
          for (const pending of batch) {
            pending.resolve(metadata.slice(at, at + pending.records.length));
            at += pending.records.length;
          }
        } catch (error) {
          for (const pending of batch) pending.reject(error as Error);
        }
      }
    } finally {
      this.#running = undefined;
    }
  }

  /** Whole send() calls only, so each caller's records stay together. */
  #takeBatch(): Pending[] {
    const limit = this.#options.maxBatchRecords ?? 10_000;
    const byteLimit = this.#requestByteBudget();
    const batch: Pending[] = [this.#queue.shift()!];
    let count = batch[0].records.length;
    let bytes = batch[0].bytes;
    while (this.#queue.length > 0 && count + this.#queue[0].records.length <= limit && bytes + this.#queue[0].bytes <= byteLimit) {
      const next = this.#queue.shift()!;
      count += next.records.length;
      bytes += next.bytes;
      batch.push(next);
    }
    return batch;
  }

  /** Record bytes one request may carry; a tenth is kept back for batch and record framing. */
  #requestByteBudget(): number {
    return Math.floor((this.#options.maxRequestBytes ?? 1_048_576) * 0.9);
  }

  /** Produces a batch's records in order, in one request when they fit the byte budget (the usual case), else in as many as it needs. */
  async #produce(batch: readonly Pending[]): Promise<RecordMetadata[]> {
    const records = batch.length === 1 ? batch[0].records : batch.flatMap((p) => p.records);
    const budget = this.#requestByteBudget();
    if (batch.reduce((sum, p) => sum + p.bytes, 0) <= budget) return this.#produceRequest(records);
    const out: RecordMetadata[] = [];
    for (const chunk of chunksByBytes(records, budget)) for (const metadata of await this.#produceRequest(chunk)) out.push(metadata);
    return out;
  }

  async #produceRequest(records: readonly ProducerRecord[]): Promise<RecordMetadata[]> {
    const now = Date.now();
    const deadline = now + (this.#options.deliveryTimeoutMs ?? 120_000);
    let backoffMs = 100;
    for (;;) {
      try {
        const producer = await this.#producers.producer();
        const messages = await this.#place(producer, records, now);
        const result = await withDeadline(producer.send({ messages }), Math.max(1, deadline - Date.now()), `producing ${records.length} record(s) for ${this.#options.name}`);
        return recordMetadata(messages, result.offsets ?? []);
      } catch (error) {
        // The abandoned send may still land; a fresh producer keeps later records from overtaking it.
        if (error instanceof RuntimeError && error.kind === RuntimeErrors.TIMEOUT) await this.#producers.discard();
        if (!isRetriable(error) || Date.now() + backoffMs >= deadline) throw kafkaFailure(`producing ${records.length} record(s) for ${this.#options.name}`, error);
        this.#options.logger?.warn({ name: this.#options.name, err: error }, 'producing failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, backoffMs));
        backoffMs = Math.min(backoffMs * 2, 5_000);
      }
    }
  }

  /**
   * Chooses every record's partition here rather than in the client, which does not report where it
   * put a record: keyed records by Kafka's default partitioner, keyless ones round robin per topic.
   */
  async #place(producer: Producer, records: readonly ProducerRecord[], now: number): Promise<PlacedMessage[]> {
    const topics = [...new Set(records.map((r) => r.topic))];
    const metadata = await producer.metadata({ topics, autocreateTopics: this.#options.autocreateTopics ?? false });
    let lastTimestamp = now;
    let lastBigTimestamp = BigInt(now);
    return records.map((r) => {
      let partition = r.partition ?? undefined;
      if (partition === undefined) {
        const count = metadata.topics.get(r.topic)?.partitionsCount ?? 1;
        if (r.key !== null) partition = partitionForKey(r.key, count);
        else {
          partition = (this.#roundRobin.get(r.topic) ?? 0) % count;
          this.#roundRobin.set(r.topic, partition + 1);
        }
      }
      // Records of one poll usually share a timestamp: one BigInt for the run of them.
      const timestamp = r.timestamp ?? now;
      if (timestamp !== lastTimestamp) {
        lastTimestamp = timestamp;
        lastBigTimestamp = BigInt(timestamp);
      }
      return {
        topic: r.topic,
        partition,
        key: r.key ?? undefined,
        value: r.value ?? undefined,
        timestamp: lastBigTimestamp,
        // The client writes a null header value as Kafka's null (length -1).
        headers: r.headers && r.headers.length > 0 ? new Map(r.headers.map(([k, v]) => [Buffer.from(k, 'utf8'), v as Buffer])) : undefined,
      };
    });
  }
}

function recordBytes(r: ProducerRecord): number {
  let n = (r.key?.length ?? 0) + (r.value?.length ?? 0) + 16;
  for (const [k, v] of r.headers ?? []) n += Buffer.byteLength(k, 'utf8') + (v?.length ?? 0) + 4;
  return n;
}

function recordsBytes(records: readonly ProducerRecord[]): number {
  let n = 0;
  for (const r of records) n += recordBytes(r);
  return n;
}

/** Consecutive runs of records under `budget` bytes each (a single larger record goes alone). */
function chunksByBytes(records: readonly ProducerRecord[], budget: number): ProducerRecord[][] {
  const chunks: ProducerRecord[][] = [];
  let current: ProducerRecord[] = [];
  let bytes = 0;
  for (const r of records) {
    const size = recordBytes(r);
    if (current.length > 0 && bytes + size > budget) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

interface PlacedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly key: Buffer | undefined;
  readonly value: Buffer | undefined;
  readonly timestamp: bigint;
  readonly headers: Map<Buffer, Buffer> | undefined;
}

/**
 * A produce answers with each partition's base offset; the records of one partition follow in the
 * order sent, so each record's offset is its base plus its rank.
 */
function recordMetadata(messages: readonly PlacedMessage[], bases: ReadonlyArray<{ topic: string; partition: number; offset: bigint }>): RecordMetadata[] {
  const next = new Map<string, number[]>();
  for (const base of bases) {
    let byPartition = next.get(base.topic);
    if (!byPartition) next.set(base.topic, (byPartition = []));
    byPartition[base.partition] = Number(base.offset);
  }
  const out = new Array<RecordMetadata>(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    const byPartition = next.get(m.topic);
    const offset = byPartition?.[m.partition] ?? -1;
    if (offset >= 0) byPartition![m.partition] = offset + 1;
    out[i] = { topic: m.topic, partition: m.partition, offset, timestamp: Number(m.timestamp) };
  }
  return out;
}
