/** The threads ThreadedProducers run in, booted (the client's modules loaded) before they are needed. */
import { Worker } from 'node:worker_threads';
import { RuntimeError, RuntimeErrors } from '../../errors.ts';
import type { FromThread } from './thread-protocol.ts';

const THREAD_MAIN = new URL(`./producer-thread-main${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/**
 * Booted producer threads for one worker. A thread needs about half a second to load the client's
 * modules, so one is kept booted (idle, not holding the process open) and a task's producer takes it;
 * the next one boots meanwhile.
 */
export class ProducerThreads {
  #spare: Promise<Worker> | undefined;
  #closed = false;

  constructor() {
    this.#spare = bootProducerThread();
  }

  /** A booted thread: the spare, or a new one if there is none or the spare has died while idle. */
  async take(): Promise<Worker> {
    if (this.#closed) throw new RuntimeError(RuntimeErrors.INTERNAL, 'the producer threads are closed');
    const taken = this.#spare ?? bootProducerThread();
    this.#spare = bootProducerThread();
    let thread = await taken.catch(() => bootProducerThread());
    if (exited.has(thread)) thread = await bootProducerThread();
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

export function bootProducerThread(): Promise<Worker> {
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
