/**
 * A TaskConsumer over runtime/kafka's SinkConsumer. What it adds:
 * - max records per poll: a fetch may return more; the rest waits in a buffer for the next polls.
 * - wakeup(): the SinkConsumer long-polls the broker for as long as it is asked, so polls are cut into
 *   slices of at most `sliceMs`; wakeup() ends a poll at the next slice boundary.
 * - pause() and seek() take effect at once: buffered (or in-flight) records of such partitions are
 *   dropped and the partition's position set back to the first of them.
 * - close() runs no rebalance callback (the SinkConsumer revokes on close; the task has already
 *   committed and closed its partitions by then).
 */
import type { OffsetAndMetadata, TopicPartition } from '../../connectors/sdk/index.ts';
import { TopicPartition as TP } from '../../connectors/sdk/index.ts';
import type { SinkConsumer } from '../kafka/sink-consumer.ts';
import type { ConsumerRebalanceListener, LogRecord, TaskConsumer } from './task-consumer.ts';

export const DEFAULT_POLL_SLICE_MS = 250;

export class KafkaTaskConsumer implements TaskConsumer {
  readonly #listener: ConsumerRebalanceListener;
  readonly #sliceMs: number;
  #sink: SinkConsumer | undefined;
  /** Fetched records not handed out yet: #buffer[#head] onwards. */
  #buffer: LogRecord[] = [];
  #head = 0;
  #woken = false;
  #closing = false;

  constructor(listener: ConsumerRebalanceListener, sliceMs = DEFAULT_POLL_SLICE_MS) {
    this.#listener = listener;
    this.#sliceMs = sliceMs;
  }

  /** The SinkConsumer's callbacks, to pass to createSinkConsumer. */
  callbacks(): { onPartitionsAssigned: (p: TopicPartition[]) => Promise<void>; onPartitionsRevoked: (p: TopicPartition[]) => Promise<void> } {
    return {
      onPartitionsAssigned: async (partitions) => {
        if (!this.#closing) await this.#listener.onPartitionsAssigned(partitions);
      },
      onPartitionsRevoked: async (partitions) => {
        this.#drop(new Set(partitions));
        if (!this.#closing) await this.#listener.onPartitionsRevoked(partitions);
      },
    };
  }

  attach(sink: SinkConsumer): this {
    this.#sink = sink;
    return this;
  }

  async poll(timeoutMs: number, maxRecords: number): Promise<LogRecord[]> {
    const sink = this.#attached();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#buffered === 0 && !this.#woken) {
        const fetched = await sink.poll(Math.max(0, Math.min(this.#sliceMs, deadline - Date.now())));
        // A fetch can hold hundreds of thousands of records: taken over whole, never spread into a call.
        if (this.#buffered === 0) this.#setBuffer(this.#withoutPaused(fetched));
        else for (const record of this.#withoutPaused(fetched)) this.#buffer.push(record);
      }
      if (this.#buffered > 0 || this.#woken || Date.now() >= deadline || this.#closing) {
        this.#woken = false;
        const taken = this.#buffer.slice(this.#head, this.#head + maxRecords);
        this.#head += taken.length;
        if (this.#head === this.#buffer.length) this.#setBuffer([]);
        return taken;
      }
    }
  }

  get #buffered(): number {
    return this.#buffer.length - this.#head;
  }

  #setBuffer(records: LogRecord[]): void {
    this.#buffer = records;
    this.#head = 0;
  }

  wakeup(): void {
    this.#woken = true;
  }

  assignment(): ReadonlySet<TopicPartition> {
    return new Set(this.#attached().assignment());
  }

  pause(partitions: Iterable<TopicPartition>): void {
    const list = [...partitions];
    this.#attached().pause(list);
    this.#drop(new Set(list), true);
  }

  resume(partitions: Iterable<TopicPartition>): void {
    this.#attached().resume([...partitions]);
  }

  seek(partition: TopicPartition, offset: number): void {
    this.#drop(new Set([partition]));
    this.#attached().seek(partition, offset);
  }

  position(partition: TopicPartition): number | undefined {
    for (let i = this.#head; i < this.#buffer.length; i++) {
      const r = this.#buffer[i];
      if (r.topic === partition.topic && r.partition === partition.partition) return r.offset;
    }
    return this.#attached().position(partition);
  }

  commit(offsets: ReadonlyMap<TopicPartition, OffsetAndMetadata>): Promise<void> {
    return this.#attached().commit(offsets);
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#setBuffer([]);
    await this.#sink?.close();
  }

  /** Records of partitions paused while the fetch was in flight go back to be fetched after resume. */
  #withoutPaused(records: LogRecord[]): LogRecord[] {
    const paused = new Set(this.#attached().paused());
    if (paused.size === 0) return records;
    const kept: LogRecord[] = [];
    const rewind = new Map<TopicPartition, number>();
    for (const record of records) {
      const tp = TP.of(record.topic, record.partition);
      if (!paused.has(tp)) kept.push(record);
      else if (!rewind.has(tp)) rewind.set(tp, record.offset);
    }
    for (const [tp, offset] of rewind) this.#attached().seek(tp, offset);
    return kept;
  }

  /** Forgets buffered records of these partitions; with `rewind`, fetches them again later. */
  #drop(partitions: ReadonlySet<TopicPartition>, rewind = false): void {
    if (this.#buffered === 0) return;
    const first = new Map<TopicPartition, number>();
    this.#setBuffer(this.#buffer.slice(this.#head).filter((record) => {
      const tp = TP.of(record.topic, record.partition);
      if (!partitions.has(tp)) return true;
      if (!first.has(tp)) first.set(tp, record.offset);
      return false;
    }));
    if (rewind) for (const [tp, offset] of first) this.#attached().seek(tp, offset);
  }

  #attached(): SinkConsumer {
    if (!this.#sink) throw new Error('KafkaTaskConsumer used before attach()');
    return this.#sink;
  }
}
