/**
 * An in-memory group consumer over in-memory topics. The test decides the assignment (rebalance()),
 * which takes effect inside the next poll(), callbacks first, as the TaskConsumer contract says.
 * Strict: overlapping polls, use after close, and pause/seek/position/commit on partitions not
 * assigned are recorded as violations (tests assert there are none), and such commits are refused.
 */
import { TimestampType, TopicPartition, type OffsetAndMetadata } from '../../../../connectors/sdk/index.ts';
import type { ConsumerRebalanceListener, ConsumerRequest, LogRecord, Subscription, TaskConsumer } from '../../../../runtime/worker/index.ts';

export class FakeTopics {
  readonly #logs = new Map<TopicPartition, LogRecord[]>();
  /** Committed offsets per group. */
  readonly committed = new Map<string, Map<TopicPartition, number>>();
  readonly #listeners = new Set<() => void>();

  append(topic: string, partition: number, value: string | Buffer | null, options: { key?: string | Buffer | null; headers?: Array<[string, Buffer | null]> } = {}): LogRecord {
    const tp = TopicPartition.of(topic, partition);
    let log = this.#logs.get(tp);
    if (!log) this.#logs.set(tp, (log = []));
    const record: LogRecord = {
      topic,
      partition,
      offset: log.length,
      timestamp: 1_700_000_000_000 + log.length,
      timestampType: TimestampType.CREATE_TIME,
      key: bytes(options.key ?? null),
      value: bytes(value),
      headers: options.headers ?? [],
    };
    log.push(record);
    for (const listener of this.#listeners) listener();
    return record;
  }

  log(tp: TopicPartition): readonly LogRecord[] {
    return this.#logs.get(tp) ?? [];
  }

  onAppend(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export class FakeConsumer implements TaskConsumer {
  readonly groupId: string;
  readonly clientId: string;
  readonly configs: Readonly<Record<string, string>>;
  readonly violations: string[] = [];
  readonly commits: Array<Map<TopicPartition, number>> = [];
  /** Every poll's (timeoutMs, maxRecords). */
  readonly polls: Array<[number, number]> = [];
  readonly subscription: Subscription;
  closed = false;
  /** When set, commit() rejects with it. */
  commitError: Error | undefined;
  readonly #topics: FakeTopics;
  readonly #listener: ConsumerRebalanceListener;
  readonly #assignment = new Set<TopicPartition>();
  readonly #paused = new Set<TopicPartition>();
  readonly #positions = new Map<TopicPartition, number>();
  #next: { assignment: TopicPartition[]; lost: boolean } | undefined;
  #polling = false;
  #woken = false;
  #ring: (() => void) | undefined;

  constructor(topics: FakeTopics, request: ConsumerRequest) {
    this.#topics = topics;
    this.groupId = request.groupId;
    this.clientId = request.clientId;
    this.configs = request.configs;
    this.subscription = request.subscription;
    this.#listener = request.listener;
    topics.onAppend(() => this.#ring?.());
  }

  /** The group gives this member these partitions, effective at the next poll (lost: no revocation). */
  rebalance(assignment: TopicPartition[], options: { lost?: boolean } = {}): void {
    this.#next = { assignment, lost: options.lost ?? false };
    this.#ring?.();
  }

  get paused(): ReadonlySet<TopicPartition> {
    return this.#paused;
  }

  async poll(timeoutMs: number, maxRecords: number): Promise<LogRecord[]> {
    this.polls.push([timeoutMs, maxRecords]);
    if (this.closed) {
      this.violations.push('poll() after close()');
      throw new Error('consumer closed');
    }
    if (this.#polling) this.violations.push('overlapping poll() calls');
    this.#polling = true;
    try {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await this.#applyRebalance();
        const records = this.#collect(maxRecords);
        if (records.length > 0 || this.#woken || Date.now() >= deadline || this.closed) {
          this.#woken = false;
          return records;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
          function done(): void {
            clearTimeout(timer);
            resolve();
          }
          this.#ring = done;
        });
        this.#ring = undefined;
      }
    } finally {
      this.#polling = false;
    }
  }

  wakeup(): void {
    this.#woken = true;
    this.#ring?.();
  }

  assignment(): ReadonlySet<TopicPartition> {
    return new Set(this.#assignment);
  }

  pause(partitions: Iterable<TopicPartition>): void {
    for (const tp of partitions) {
      if (!this.#assignment.has(tp)) this.violations.push(`pause() of unassigned ${tp}`);
      else this.#paused.add(tp);
    }
  }

  resume(partitions: Iterable<TopicPartition>): void {
    for (const tp of partitions) {
      if (!this.#assignment.has(tp)) this.violations.push(`resume() of unassigned ${tp}`);
      else this.#paused.delete(tp);
    }
    this.#ring?.();
  }

  seek(partition: TopicPartition, offset: number): void {
    if (!this.#assignment.has(partition)) this.violations.push(`seek() of unassigned ${partition}`);
    else this.#positions.set(partition, offset);
  }

  position(partition: TopicPartition): number {
    if (!this.#assignment.has(partition)) this.violations.push(`position() of unassigned ${partition}`);
    return this.#positions.get(partition) ?? 0;
  }

  async commit(offsets: ReadonlyMap<TopicPartition, OffsetAndMetadata>): Promise<void> {
    if (this.closed) this.violations.push('commit() after close()');
    const foreign = [...offsets.keys()].filter((tp) => !this.#assignment.has(tp));
    if (foreign.length > 0) {
      this.violations.push(`commit() of unassigned ${foreign.join(', ')}`);
      throw new Error('not assigned');
    }
    if (this.commitError) throw this.commitError;
    const committed = new Map([...offsets].map(([tp, o]) => [tp, o.offset]));
    this.commits.push(committed);
    let group = this.#topics.committed.get(this.groupId);
    if (!group) this.#topics.committed.set(this.groupId, (group = new Map()));
    for (const [tp, offset] of committed) group.set(tp, offset);
  }

  async close(): Promise<void> {
    if (this.closed) this.violations.push('close() twice');
    this.closed = true;
    this.#ring?.();
  }

  /** Group's committed offset of a partition. */
  committedOffset(tp: TopicPartition): number | undefined {
    return this.#topics.committed.get(this.groupId)?.get(tp);
  }

  async #applyRebalance(): Promise<void> {
    const next = this.#next;
    if (!next) return;
    this.#next = undefined;
    const target = new Set(next.assignment);
    const revoked = [...this.#assignment].filter((tp) => !target.has(tp));
    const added = next.assignment.filter((tp) => !this.#assignment.has(tp));
    if (revoked.length > 0) {
      if (next.lost) await this.#listener.onPartitionsLost(revoked);
      else await this.#listener.onPartitionsRevoked(revoked);
      for (const tp of revoked) {
        this.#assignment.delete(tp);
        this.#paused.delete(tp);
        this.#positions.delete(tp);
      }
    }
    for (const tp of added) {
      this.#assignment.add(tp);
      this.#positions.set(tp, this.committedOffset(tp) ?? 0);
    }
    if (added.length > 0) await this.#listener.onPartitionsAssigned(added);
  }

  #collect(max: number): LogRecord[] {
    const out: LogRecord[] = [];
    for (const tp of this.#assignment) {
      if (this.#paused.has(tp)) continue;
      const log = this.#topics.log(tp);
      let position = this.#positions.get(tp) ?? 0;
      while (position < log.length && out.length < max) out.push(log[position++]);
      this.#positions.set(tp, position);
      if (out.length >= max) break;
    }
    return out;
  }
}

function bytes(value: string | Buffer | null): Buffer | null {
  return value === null ? null : typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}
