/**
 * A SourceRecordProducer whose client work runs on a thread of its own, as Java's KafkaProducer sends
 * from its sender thread: send() packs the records into one transferable buffer and posts it; in the
 * thread runtime/kafka's producer (unchanged: one request in flight, batching, retries, acks=all,
 * idempotence) encodes and sends them, and where each record landed comes back. The worker's event loop
 * keeps the connector's work (polling, converting), the thread the record batch encoding and the
 * network, so both use a core.
 *
 * Client options that cannot cross to a thread (functions, e.g. a SASL callback) fall back to the
 * producer on the event loop. If the thread dies, everything pending and every later call fails.
 * Threads come booted from the worker's ProducerThreads (producer-threads.ts).
 */
import type { Worker } from 'node:worker_threads';
import { pino, type Logger } from 'pino';
import type { RecordMetadata } from '../../../connectors/sdk/index.ts';
import { RuntimeError, RuntimeErrors } from '../../errors.ts';
import { createSourceRecordProducer, type ProducerRecord, type SourceRecordProducer, type SourceRecordProducerOptions } from '../source-record-producer.ts';
import { packRecords, unpackMetadata } from './record-frames.ts';
import { bootProducerThread, type ProducerThreads } from './producer-threads.ts';
import { receivedError, type FromThread, type ToThread } from './thread-protocol.ts';

interface Pending {
  resolve(value: FromThread): void;
  reject(error: Error): void;
}

/** `threads`: where the thread comes from (a worker's ProducerThreads); default a thread booted for it. */
export async function createThreadedSourceRecordProducer(options: SourceRecordProducerOptions, threads?: ProducerThreads): Promise<SourceRecordProducer> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const { logger: _, ...rest } = options;
  const thread = await (threads ? threads.take() : bootProducerThread().then((t) => (t.ref(), t)));
  try {
    thread.postMessage({ type: 'open', options: { ...rest, logLevel: logger.level } } satisfies ToThread);
  } catch (error) {
    await thread.terminate();
    if (!(error instanceof Error && error.name === 'DataCloneError')) throw error;
    logger.info({ name: options.name }, 'the Kafka client options cannot be passed to a thread; producing on the event loop');
    return createSourceRecordProducer(options);
  }
  // Listening from here on misses nothing: the thread's answer arrives in a later turn of the event loop.
  const producer = new ThreadedProducer(thread, options.name, logger);
  try {
    await producer.opened;
  } catch (error) {
    await thread.terminate();
    throw error;
  }
  return producer;
}

class ThreadedProducer implements SourceRecordProducer {
  readonly opened: Promise<void>;
  readonly #thread: Worker;
  readonly #name: string;
  readonly #logger: Logger;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #idempotent = false;
  #closed: Promise<void> | undefined;
  /** Set once the thread is gone: every call fails with it. */
  #gone: Error | undefined;

  constructor(thread: Worker, name: string, logger: Logger) {
    this.#thread = thread;
    this.#name = name;
    this.#logger = logger;
    this.opened = new Promise<void>((resolve, reject) => this.#pending.set(0, { resolve: () => resolve(), reject }));
    thread.on('message', (message: FromThread) => this.#receive(message));
    thread.on('error', (error) => this.#fail(new RuntimeError(RuntimeErrors.INTERNAL, `the producer thread of ${name} failed: ${error.message}`, { cause: error })));
    thread.on('exit', (code) => this.#fail(new RuntimeError(RuntimeErrors.INTERNAL, `the producer thread of ${name} exited (code ${code})`)));
  }

  /** As of opening (the thread's producer reopens only after a send that outlived its deadline). */
  get idempotent(): boolean {
    return this.#idempotent;
  }

  async send(records: readonly ProducerRecord[]): Promise<RecordMetadata[]> {
    if (this.#closed) throw new RuntimeError(RuntimeErrors.INTERNAL, `producer ${this.#name} is closed`);
    if (records.length === 0) return [];
    const frame = packRecords(records);
    const topics = frame.topics;
    // The records themselves are not kept while in flight: only their topics when there are several.
    const names = topics.length === 1 ? undefined : records.map((r) => r.topic);
    const answer = await this.#request({ type: 'send', id: 0, frame }, [frame.bytes]);
    if (answer.type !== 'sent') throw new RuntimeError(RuntimeErrors.INTERNAL, `unexpected answer ${answer.type} to a send`);
    return unpackMetadata(answer.metadata, (i) => names?.[i] ?? topics[0]);
  }

  async flush(): Promise<void> {
    await this.#request({ type: 'flush', id: 0 });
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      try {
        if (!this.#gone) await this.#request({ type: 'close', id: 0 });
      } finally {
        await this.#thread.terminate();
      }
    })();
    return this.#closed;
  }

  #request(message: ToThread, transfer: ArrayBuffer[] = []): Promise<FromThread> {
    if (this.#gone) return Promise.reject(this.#gone);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#thread.postMessage({ ...message, id }, transfer);
    });
  }

  #receive(message: FromThread): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'log':
        this.#relay(message.line);
        return;
      case 'opened':
        this.#idempotent = message.idempotent;
        this.#settle(0, (p) => p.resolve(message));
        return;
      case 'failed':
        this.#settle(message.id ?? 0, (p) => p.reject(receivedError(message.error)));
        return;
      default:
        this.#settle(message.id, (p) => p.resolve(message));
    }
  }

  #settle(id: number, how: (pending: Pending) => void): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    how(pending);
  }

  #fail(error: Error): void {
    if (this.#gone) return;
    // A thread that ends after a clean close() has nothing pending; anything else is a failure.
    this.#gone = error;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  /** A log line of the thread's pino, logged again through the worker's logger. */
  #relay(line: string): void {
    try {
      const { level, msg, time: _time, ...fields } = JSON.parse(line) as { level: number; msg?: string; time?: number };
      const label = pino.levels.labels[level] as 'warn' | 'info' | 'error' | 'debug' | 'trace' | 'fatal';
      this.#logger[label]?.({ producerThread: this.#name, ...fields }, msg ?? '');
    } catch {
      this.#logger.warn({ producerThread: this.#name, line }, 'unreadable log line from a producer thread');
    }
  }
}
