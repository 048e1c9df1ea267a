/**
 * KafkaBasedLog (Connect's name): one topic used as a replicated, ordered key-value log. Every worker
 * reads every partition from the beginning and keeps tailing it, so all workers converge on the same
 * state; writes go through the same topic and reach the writer's own state only by being read back.
 *
 * Design:
 * - Reading is group-less (explicit assignment of all partitions, like Connect's `assign()`): each
 *   worker must see all records, and a group would split the partitions between workers.
 * - One background loop long-polls the partition leaders and calls `consume` for each record, in
 *   offset order per partition. `readToEnd()` captures the end offsets at call time and resolves once
 *   the loop has consumed up to them, so a caller sees at least everything written before the call.
 * - Writes are serialized (one produce request in flight per log) and retried on transient errors
 *   until `sendTimeoutMs`: internal records are keyed and compacted, so a duplicate from a retry is
 *   harmless, while a reordering (an older value landing after a newer one) would not be. For the
 *   same reason a write that times out takes its producer with it (see ProducerSlot).
 * - Keyed records go to the partition Kafka's default partitioner picks, so logs written by Sluice and
 *   by Kafka Connect are interchangeable.
 */
import { Consumer, FetchIsolationLevels } from '@platformatic/kafka';
import { pino, type Logger } from 'pino';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import { createAdmin } from './create-admin.ts';
import { withDeadline } from './deadline.ts';
import { partitionForKey } from './default-partitioner.ts';
import { ensureTopic, type TopicSpec } from './ensure-topic.ts';
import { baseClientOptions, type KafkaClientOptions } from './kafka-client-options.ts';
import { isRetriable, kafkaFailure } from './kafka-errors.ts';
import type { LogRecord } from './log-record.ts';
import { ProducerSlot } from './producer-slot.ts';
import { listOffsets, PartitionFetcher } from './partition-fetcher.ts';

export interface KafkaBasedLogOptions {
  readonly topic: string;
  readonly client: KafkaClientOptions;
  /** Called once per record, in offset order within each partition. Errors are logged, not fatal. */
  readonly consume: (record: LogRecord) => void;
  /** When given, the topic is created at start if missing (and checked for compaction if asked). */
  readonly topicSpec?: TopicSpec;
  /** Idempotent producer when the cluster supports it; default true. */
  readonly idempotent?: boolean;
  /** A log that never writes opens no producer. */
  readonly readOnly?: boolean;
  /** Long-poll wait of the tailing fetches; default 500 ms (Kafka's fetch.max.wait.ms). */
  readonly tailWaitMs?: number;
  /** How long a write keeps retrying transient failures; default 30 s (Connect's config write timeout). */
  readonly sendTimeoutMs?: number;
  /** Default timeout of start()'s initial read and of readToEnd(); default 30 s. */
  readonly readTimeoutMs?: number;
  readonly logger?: Logger;
}

export interface LogWrite {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** Explicit partition; otherwise Kafka's default partitioner on the key (keyless: partition 0). */
  readonly partition?: number;
}

export interface WriteReceipt {
  readonly partition: number;
  readonly offset: number;
}

interface EndWaiter {
  readonly targets: readonly number[];
  resolve(): void;
  reject(error: Error): void;
}

type LogState = 'new' | 'starting' | 'running' | 'stopping' | 'stopped';

export class KafkaBasedLog {
  readonly topic: string;
  readonly #options: KafkaBasedLogOptions;
  readonly #logger: Logger;
  #state: LogState = 'new';
  #consumer: Consumer | undefined;
  #endOffsets: Consumer | undefined;
  #fetcher: PartitionFetcher | undefined;
  #producers: ProducerSlot | undefined;
  #partitionCount = 0;
  #waiters: EndWaiter[] = [];
  #tail: Promise<void> | undefined;
  #starting: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  #writes: Promise<unknown> = Promise.resolve();

  constructor(options: KafkaBasedLogOptions) {
    this.topic = options.topic;
    this.#options = options;
    this.#logger = options.logger ?? pino({ level: 'silent' });
  }

  get partitionCount(): number {
    return this.#partitionCount;
  }

  /** Whether writes use an idempotent producer (known after start). */
  get idempotent(): boolean {
    return this.#producers?.idempotent ?? false;
  }

  /**
   * Creates the topic if asked, reads every partition from its beginning to the end offsets seen now
   * (calling `consume` for each record), then keeps tailing in the background.
   */
  start(): Promise<void> {
    if (this.#state !== 'new') return Promise.reject(new RuntimeError(RuntimeErrors.INTERNAL, `KafkaBasedLog for '${this.topic}' cannot start twice`));
    this.#state = 'starting';
    this.#starting = this.#start();
    return this.#starting;
  }

  async #start(): Promise<void> {
    try {
      if (this.#options.topicSpec) {
        const admin = createAdmin(this.#options.client, `${this.topic}-admin`);
        try {
          await ensureTopic(admin, this.#options.topicSpec);
        } finally {
          await admin.close().catch(() => {});
        }
      }
      this.#assertStarting();
      const consumer = this.#groupLessConsumer('reader');
      this.#consumer = consumer;
      // End offsets are asked on a connection of their own: brokers answer a connection's requests in
      // order, so behind the tailing long poll a ListOffsets would wait up to tailWaitMs.
      this.#endOffsets = this.#groupLessConsumer('end-offsets');
      this.#partitionCount = await this.#readPartitionCount(consumer);
      const fetcher = new PartitionFetcher({ consumer, offsetReset: 'earliest', logger: this.#logger });
      this.#fetcher = fetcher;
      const partitions = [...Array(this.#partitionCount).keys()];
      const beginning = await listOffsets(consumer, this.topic, 'earliest', partitions);
      for (const p of partitions) fetcher.assign(this.topic, p, beginning[p]);
      this.#assertStarting();

      if (!this.#options.readOnly) {
        this.#producers = new ProducerSlot(this.#options.client, `${this.topic}-writer`, { idempotent: this.#options.idempotent, logger: this.#logger });
        // Opened now so that an unreachable cluster or missing idempotence shows at start.
        await this.#producers.producer();
      }
      this.#assertStarting();
      this.#state = 'running';
      this.#tail = this.#tailLoop();
      await this.readToEnd(this.#options.readTimeoutMs);
    } catch (error) {
      await this.#close();
      throw error;
    }
  }

  /**
   * Resolves once every record written before the call has been consumed: the end offsets are taken
   * now and the tailing loop reports when its positions pass them.
   */
  async readToEnd(timeoutMs = this.#options.readTimeoutMs ?? 30_000): Promise<void> {
    this.#assertRunning('read to the end of');
    const partitions = [...Array(this.#partitionCount).keys()];
    const targets = await listOffsets(this.#endOffsets!, this.topic, 'latest', partitions);
    if (this.#reached(targets)) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new RuntimeError(RuntimeErrors.TIMEOUT, `Timed out after ${timeoutMs} ms reading topic '${this.topic}' to offsets [${targets.join(', ')}]`));
      }, timeoutMs);
      const waiter: EndWaiter = {
        targets,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.#waiters.push(waiter);
    });
  }

  /** Writes one record; resolves when all in-sync replicas have it. */
  async send(key: Buffer | null, value: Buffer | null, partition?: number): Promise<WriteReceipt> {
    const [receipt] = await this.sendAll([{ key, value, partition }]);
    return receipt;
  }

  /** Writes records in order in one produce request; resolves when all in-sync replicas have them. */
  sendAll(writes: readonly LogWrite[]): Promise<WriteReceipt[]> {
    this.#assertRunning('write to');
    if (!this.#producers) return Promise.reject(new RuntimeError(RuntimeErrors.INTERNAL, `KafkaBasedLog for '${this.topic}' is read-only`));
    const placed = writes.map((w) => ({ ...w, partition: this.#placement(w) }));
    const result = this.#writes.then(() => this.#produce(placed));
    this.#writes = result.catch(() => {});
    return result;
  }

  /** Resolves when every write issued so far has been acknowledged (or has failed). */
  async flush(): Promise<void> {
    await this.#writes;
  }

  async stop(): Promise<void> {
    if (this.#state === 'new') {
      this.#state = 'stopped';
      return;
    }
    if (this.#state === 'starting') {
      // start() notices at its next step, fails, and closes what it opened.
      this.#state = 'stopping';
      await this.#starting?.catch(() => {});
      return;
    }
    await this.#close();
  }

  #close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#state = 'stopping';
      for (const waiter of this.#waiters.splice(0)) waiter.reject(new RuntimeError(RuntimeErrors.INTERNAL, `KafkaBasedLog for '${this.topic}' stopped`));
      await this.#writes;
      await this.#producers?.close();
      // Closing the consumer also ends a fetch in flight, so the tailing loop stops at once.
      await this.#consumer?.close().catch(() => {});
      await this.#endOffsets?.close().catch(() => {});
      await this.#tail;
      this.#state = 'stopped';
    })();
    return this.#closing;
  }

  #assertStarting(): void {
    if (this.#state !== 'starting') throw new RuntimeError(RuntimeErrors.INTERNAL, `KafkaBasedLog for '${this.topic}' was stopped while starting`);
  }

  #assertRunning(what: string): void {
    if (this.#state !== 'running') throw new RuntimeError(RuntimeErrors.INTERNAL, `Cannot ${what} topic '${this.topic}': its KafkaBasedLog is ${this.#state}`);
  }

  /** A Consumer that never joins a group: it only fetches and lists offsets. */
  #groupLessConsumer(purpose: string): Consumer {
    return new Consumer({
      retries: 2,
      retryDelay: 250,
      ...baseClientOptions(this.#options.client, `${this.topic}-${purpose}`),
      groupId: `sluice-unused-${this.topic}`,
      isolationLevel: FetchIsolationLevels.READ_UNCOMMITTED,
    });
  }

  async #readPartitionCount(consumer: Consumer): Promise<number> {
    try {
      const metadata = await consumer.metadata({ topics: [this.topic], forceUpdate: true });
      const count = metadata.topics.get(this.topic)?.partitionsCount ?? 0;
      if (count > 0) return count;
    } catch (error) {
      throw kafkaFailure(`reading metadata of topic '${this.topic}'`, error);
    }
    throw new RuntimeError(RuntimeErrors.KAFKA, `Topic '${this.topic}' does not exist; create it or let Sluice create it`);
  }

  #placement(write: LogWrite): number {
    if (write.partition !== undefined) return write.partition;
    return write.key === null ? 0 : partitionForKey(write.key, this.#partitionCount);
  }

  #reached(targets: readonly number[]): boolean {
    return targets.every((end, p) => (this.#fetcher!.position(this.topic, p) ?? 0) >= end);
  }

  async #tailLoop(): Promise<void> {
    const tailWaitMs = this.#options.tailWaitMs ?? 500;
    let backoffMs = 100;
    while (this.#state === 'running') {
      try {
        // While someone waits for the end, short waits keep a leader with no new data from holding
        // up a round in which another leader still has records to deliver.
        const records = await this.#fetcher!.poll(this.#waiters.length > 0 ? 10 : tailWaitMs);
        for (const record of records) this.#deliver(record);
        this.#settleWaiters();
        backoffMs = 100;
      } catch (error) {
        if (this.#state !== 'running') break;
        this.#logger.warn({ topic: this.topic, err: error }, 'reading the log failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, backoffMs));
        backoffMs = Math.min(backoffMs * 2, 5_000);
      }
    }
  }

  #deliver(record: LogRecord): void {
    try {
      this.#options.consume(record);
    } catch (error) {
      this.#logger.error({ topic: this.topic, partition: record.partition, offset: record.offset, err: error }, 'consuming a log record failed; skipped');
    }
  }

  #settleWaiters(): void {
    if (this.#waiters.length === 0) return;
    const pending: EndWaiter[] = [];
    for (const waiter of this.#waiters) {
      if (this.#reached(waiter.targets)) waiter.resolve();
      else pending.push(waiter);
    }
    this.#waiters = pending;
  }

  async #produce(writes: ReadonlyArray<LogWrite & { partition: number }>): Promise<WriteReceipt[]> {
    if (writes.length === 0) return [];
    const deadline = Date.now() + (this.#options.sendTimeoutMs ?? 30_000);
    let backoffMs = 100;
    for (;;) {
      try {
        const producer = await this.#producers!.producer();
        const send = producer.send({
          messages: writes.map((w) => ({ topic: this.topic, partition: w.partition, key: w.key ?? undefined, value: w.value ?? undefined })),
        });
        const result = await withDeadline(send, Math.max(1, deadline - Date.now()), `writing ${writes.length} record(s) to topic '${this.topic}'`);
        return receipts(this.topic, writes, result.offsets ?? []);
      } catch (error) {
        if (isTimeout(error)) await this.#producers!.discard();
        if (!isRetriable(error) || Date.now() + backoffMs >= deadline || this.#state !== 'running') {
          throw kafkaFailure(`writing ${writes.length} record(s) to topic '${this.topic}'`, error);
        }
        this.#logger.warn({ topic: this.topic, err: error }, 'writing to the log failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, backoffMs));
        backoffMs = Math.min(backoffMs * 2, 2_000);
      }
    }
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof RuntimeError && error.kind === RuntimeErrors.TIMEOUT;
}

/** Per-record offsets: a produce answers with each partition's base offset, records follow in order. */
function receipts(topic: string, writes: ReadonlyArray<{ partition: number }>, bases: ReadonlyArray<{ topic: string; partition: number; offset: bigint }>): WriteReceipt[] {
  const next = new Map<number, number>();
  for (const base of bases) if (base.topic === topic) next.set(base.partition, Number(base.offset));
  return writes.map((w) => {
    const offset = next.get(w.partition) ?? -1;
    if (offset >= 0) next.set(w.partition, offset + 1);
    return { partition: w.partition, offset };
  });
}
