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
 * Threads come booted from the worker's ProducerThreads.
 */
import { Worker } from 'node:worker_threads';
import { pino, type Logger } from 'pino';
import type { RecordMetadata } from '../../../connectors/sdk/index.ts';
import { RuntimeError, RuntimeErrors } from '../../errors.ts';
import { createSourceRecordProducer, type ProducerRecord, type SourceRecordProducer, type SourceRecordProducerOptions } from '../source-record-producer.ts';
import { packRecords, unpackMetadata } from './record-frames.ts';
import { receivedError, type FromThread, type ThreadProducerOptions, type ToThread } from './thread-protocol.ts';

const THREAD_MAIN = new URL(`./producer-thread-main${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

interface Pending {
  resolve(value: FromThread): void;
  reject(error: Error): void;
}

/**
 * Booted producer threads for one worker. A thread needs about half a second to load the client's
 * modules, so one is kept booted (idle, not holding the process open) and a task's producer takes it;
 * the next one boots meanwhile.
 */
export class ProducerThreads {
  #spare: Promise<Worker> | undefined;
  #closed = false;

  constructor() {
    this.#spare = boot();
  }

  /** A booted thread: the spare, or a new one if there is none or the spare has died while idle. */
  async take(): Promise<Worker> {
    if (this.#closed) throw new RuntimeError(RuntimeErrors.INTERNAL, 'the producer threads are closed');
    const taken = this.#spare ?? boot();
    this.#spare = boot();
    let thread = await taken.catch(() => boot());
    if (exited.has(thread)) thread = await boot();
    thread.ref();
    return thread;
  }

  /** Ends the spare thread (threads taken end with their producers). */
  async close(): Promise<void> {
    this.#closed = true;
    const spare = this.#spare;
    this.#spare = undefined;
    const thread = await spare?.catch(() => undefined);
    await thread?.terminate();
  }
}

/** Threads that have ended: a message posted to one is dropped without an error. */
const exited = new WeakSet<Worker>();

function boot(): Promise<Worker> {
  const thread = new Worker(THREAD_MAIN, { name: 'sluice producer' });
  thread.unref();
  thread.once('exit', () => exited.add(thread));
  const booted = new Promise<Worker>((resolve, reject) => {
    thread.once('message', (message: FromThread) => (message.type === 'ready' ? resolve(thread) : reject(new Error(`a producer thread said ${message.type} before ready`))));
    thread.once('error', reject);
    thread.once('exit', (code) => reject(new RuntimeError(RuntimeErrors.INTERNAL, `a producer thread exited while booting (code ${code})`)));
  });
  booted.catch(() => {}); // a spare that fails to boot is reported to whoever takes it
  return booted;
}

/** `threads`: where the thread comes from (a worker's ProducerThreads); default a thread booted for it. */
export async function createThreadedSourceRecordProducer(options: SourceRecordProducerOptions, threads?: ProducerThreads): Promise<SourceRecordProducer> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const { logger: _, ...rest } = options;
  const thread = await (threads ? threads.take() : boot().then((t) => (t.ref(), t)));
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
