/**
 * The producer of one writer, replaced after a send that outlived its deadline. Such a send is still
 * being retried inside the client and would land after later writes, putting an old value after a
 * newer one; closing its producer ends those retries (a request already on the wire can still land).
 */
import type { Producer } from '@platformatic/kafka';
import type { KafkaClientOptions } from './kafka-client-options.ts';
import { openProducer, type OpenedProducer, type OpenProducerOptions } from './open-producer.ts';

export class ProducerSlot {
  readonly #client: KafkaClientOptions;
  readonly #purpose: string;
  readonly #options: OpenProducerOptions;
  #current: Promise<OpenedProducer> | undefined;
  #idempotent: boolean | undefined;

  constructor(client: KafkaClientOptions, purpose: string, options: OpenProducerOptions = {}) {
    this.#client = client;
    this.#purpose = purpose;
    this.#options = options;
  }

  /** Whether writes are idempotent; known once a producer has been opened. */
  get idempotent(): boolean {
    return this.#idempotent ?? false;
  }

  /** The current producer, opened on first use and after discard(). */
  async producer(): Promise<Producer> {
    const opening = (this.#current ??= openProducer(this.#client, this.#purpose, this.#options));
    try {
      const opened = await opening;
      this.#idempotent = opened.idempotent;
      return opened.producer;
    } catch (error) {
      if (this.#current === opening) this.#current = undefined;
      throw error;
    }
  }

  async discard(): Promise<void> {
    const current = this.#current;
    this.#current = undefined;
    await current?.then((opened) => opened.producer.close(true)).catch(() => {});
  }

  close(): Promise<void> {
    return this.discard();
  }
}
