/**
 * The consumer a sink task reads its topics through: a member of the connector's consumer group
 * (`connect-<connector>`, as in Connect) with manual commits, per-partition pause/resume and seek.
 *
 * Design: @platformatic/kafka's Consumer handles group membership (JoinGroup/SyncGroup/heartbeats,
 * rejoining on rebalance) and commits; records are read by a PartitionFetcher over the assigned
 * partitions, because the client's message stream can only pause as a whole. Like Java's consumer,
 * rebalance callbacks run inside poll(): a new assignment reported by the client is applied at the
 * start of the next poll, first revoking (the task flushes and commits), then assigning (at the
 * committed offset, or per `autoOffsetReset` when there is none). Commits of revoked partitions race
 * the group's next generation, so delivery is at least once.
 */
import { Consumer, FetchIsolationLevels, type GroupAssignment } from '@platformatic/kafka';
import { pino, type Logger } from 'pino';
import { TopicPartition, type PartitionOffsets } from '../../connectors/sdk/index.ts';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import { baseClientOptions, type KafkaClientOptions } from './kafka-client-options.ts';
import { kafkaFailure } from './kafka-errors.ts';
import type { LogRecord } from './log-record.ts';
import { listOffsets, PartitionFetcher, type OffsetReset } from './partition-fetcher.ts';

export interface SinkConsumer {
  readonly groupId: string;
  /**
   * Runs pending rebalance callbacks, then waits up to timeoutMs for records from assigned, unpaused
   * partitions (in offset order per partition).
   */
  poll(timeoutMs: number): Promise<LogRecord[]>;
  /** Commits "next offset to read" per partition (SinkTask.preCommit's answer). */
  commit(offsets: PartitionOffsets): Promise<void>;
  /** Where the next poll reads this assigned partition from (SinkTaskContext.offset). */
  seek(partition: TopicPartition, offset: number): void;
  position(partition: TopicPartition): number | undefined;
  pause(partitions: readonly TopicPartition[]): void;
  resume(partitions: readonly TopicPartition[]): void;
  paused(): TopicPartition[];
  assignment(): TopicPartition[];
  /** Revokes the assignment (callback included) and leaves the group. */
  close(): Promise<void>;
}

export interface SinkConsumerOptions {
  readonly client: KafkaClientOptions;
  /** The group is `connect-<connector>` unless groupId is given (consumer.override.group.id). */
  readonly connector: string;
  readonly groupId?: string;
  readonly topics: readonly string[];
  /** Where to start a partition with no committed offset; default "earliest", as Connect sets. */
  readonly autoOffsetReset?: OffsetReset;
  /** Default false (read_uncommitted, Kafka's default). */
  readonly readCommitted?: boolean;
  /** Kafka defaults: session 45 s, rebalance 300 s (max.poll.interval.ms), heartbeat 3 s. */
  readonly sessionTimeoutMs?: number;
  readonly rebalanceTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  /** Called inside poll() with newly assigned partitions, after their positions are set. */
  readonly onPartitionsAssigned?: (partitions: TopicPartition[]) => void | Promise<void>;
  /** Called inside poll() (and close()) with partitions being taken away, before they are dropped. */
  readonly onPartitionsRevoked?: (partitions: TopicPartition[]) => void | Promise<void>;
  readonly logger?: Logger;
}

/** Joins the group; resolves after the first assignment arrived (applied by the first poll). */
export async function createSinkConsumer(options: SinkConsumerOptions): Promise<SinkConsumer> {
  const consumer = new GroupSinkConsumer(options);
  await consumer.join();
  return consumer;
}

class GroupSinkConsumer implements SinkConsumer {
  readonly groupId: string;
  readonly #options: SinkConsumerOptions;
  readonly #logger: Logger;
  readonly #consumer: Consumer;
  readonly #fetcher: PartitionFetcher;
  readonly #assigned = new Set<TopicPartition>();
  readonly #paused = new Set<TopicPartition>();
  #pendingAssignment: GroupAssignment[] | undefined;
  #closed = false;

  constructor(options: SinkConsumerOptions) {
    this.#options = options;
    this.#logger = options.logger ?? pino({ level: 'silent' });
    this.groupId = options.groupId ?? `connect-${options.connector}`;
    const isolationLevel = options.readCommitted ? FetchIsolationLevels.READ_COMMITTED : FetchIsolationLevels.READ_UNCOMMITTED;
    this.#consumer = new Consumer({
      ...baseClientOptions(options.client, `${options.connector}-sink`),
      groupId: this.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 45_000,
      rebalanceTimeout: options.rebalanceTimeoutMs ?? 300_000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
      isolationLevel,
      autocommit: false,
    });
    this.#fetcher = new PartitionFetcher({ consumer: this.#consumer, offsetReset: options.autoOffsetReset ?? 'earliest', isolationLevel, logger: this.#logger });
    this.#consumer.on('consumer:group:join', (payload) => {
      this.#pendingAssignment = payload.assignments ?? [];
    });
    this.#consumer.on('consumer:heartbeat:error', (payload) => this.#logger.warn({ groupId: this.groupId, err: payload.error }, 'group heartbeat failed'));
  }

  async join(): Promise<void> {
    for (const topic of this.#options.topics) this.#consumer.topics.track(topic);
    try {
      await this.#consumer.joinGroup({});
    } catch (error) {
      await this.#consumer.close().catch(() => {});
      throw kafkaFailure(`joining consumer group '${this.groupId}'`, error);
    }
  }

  async poll(timeoutMs: number): Promise<LogRecord[]> {
    this.#assertOpen();
    await this.#applyAssignment();
    return this.#fetcher.poll(timeoutMs, (topic, partition) => !this.#paused.has(TopicPartition.of(topic, partition)));
  }

  async commit(offsets: PartitionOffsets): Promise<void> {
    this.#assertOpen();
    if (offsets.size === 0) return;
    try {
      await this.#consumer.commit({
        offsets: [...offsets].map(([tp, o]) => ({ topic: tp.topic, partition: tp.partition, offset: BigInt(o.offset), leaderEpoch: o.leaderEpoch ?? -1 })),
      });
    } catch (error) {
      throw kafkaFailure(`committing offsets of group '${this.groupId}'`, error);
    }
  }

  seek(partition: TopicPartition, offset: number): void {
    this.#fetcher.seek(partition.topic, partition.partition, offset);
  }

  position(partition: TopicPartition): number | undefined {
    return this.#fetcher.position(partition.topic, partition.partition);
  }

  pause(partitions: readonly TopicPartition[]): void {
    for (const p of partitions) if (this.#assigned.has(p)) this.#paused.add(p);
  }

  resume(partitions: readonly TopicPartition[]): void {
    for (const p of partitions) this.#paused.delete(p);
  }

  paused(): TopicPartition[] {
    return [...this.#paused];
  }

  assignment(): TopicPartition[] {
    return [...this.#assigned];
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#revoke([...this.#assigned]);
    } finally {
      await this.#consumer.close().catch((error: unknown) => this.#logger.warn({ groupId: this.groupId, err: error }, 'leaving the group failed'));
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new RuntimeError(RuntimeErrors.INTERNAL, `the sink consumer of group '${this.groupId}' is closed`);
  }

  async #applyAssignment(): Promise<void> {
    const next = this.#pendingAssignment;
    if (next === undefined) return;
    this.#pendingAssignment = undefined;
    const wanted = new Set<TopicPartition>();
    for (const { topic, partitions } of next) for (const p of partitions) wanted.add(TopicPartition.of(topic, p));
    await this.#revoke([...this.#assigned].filter((tp) => !wanted.has(tp)));
    const added = [...wanted].filter((tp) => !this.#assigned.has(tp));
    if (added.length === 0) return;
    const starts = await this.#startingOffsets(added);
    for (const tp of added) {
      this.#fetcher.assign(tp.topic, tp.partition, starts.get(tp)!);
      this.#assigned.add(tp);
    }
    await this.#options.onPartitionsAssigned?.(added);
  }

  async #revoke(partitions: TopicPartition[]): Promise<void> {
    if (partitions.length === 0) return;
    try {
      await this.#options.onPartitionsRevoked?.(partitions);
    } finally {
      for (const tp of partitions) {
        this.#fetcher.unassign(tp.topic, tp.partition);
        this.#assigned.delete(tp);
        this.#paused.delete(tp);
      }
    }
  }

  /** Committed offsets, or the reset policy's offsets for partitions without one. */
  async #startingOffsets(partitions: readonly TopicPartition[]): Promise<Map<TopicPartition, number>> {
    const byTopic = new Map<string, number[]>();
    for (const tp of partitions) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
    let committed;
    try {
      committed = await this.#consumer.listCommittedOffsets({ topics: [...byTopic].map(([topic, ps]) => ({ topic, partitions: ps })) });
    } catch (error) {
      throw kafkaFailure(`reading committed offsets of group '${this.groupId}'`, error);
    }
    const starts = new Map<TopicPartition, number>();
    const policy = this.#options.autoOffsetReset ?? 'earliest';
    for (const [topic, ps] of byTopic) {
      const missing = ps.filter((p) => (committed.get(topic)?.[p] ?? -1n) < 0n);
      for (const p of ps) if (!missing.includes(p)) starts.set(TopicPartition.of(topic, p), Number(committed.get(topic)![p]));
      if (missing.length === 0) continue;
      if (policy === 'none') throw new RuntimeError(RuntimeErrors.KAFKA, `Group '${this.groupId}' has no committed offset for ${missing.map((p) => `${topic}-${p}`).join(', ')} and auto.offset.reset is none`);
      const offsets = await listOffsets(this.#consumer, topic, policy, missing);
      missing.forEach((p, i) => starts.set(TopicPartition.of(topic, p), offsets[i]));
    }
    return starts;
  }
}
