/**
 * Group-less reading of explicitly assigned partitions (Java's `consumer.assign()` + `poll()`), on a
 * @platformatic/kafka Consumer that never joins a group: the fetcher keeps one position per partition,
 * sends one long-poll Fetch per partition leader, and turns batches into LogRecords. Shared by
 * KafkaBasedLog (all partitions of one internal topic) and SinkConsumer (what the group assigned).
 */
import { findErrorBy, FetchIsolationLevels, type Consumer, type FetchOptions, type RecordsBatch } from '@platformatic/kafka';
import type { Logger } from 'pino';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import { kafkaFailure } from './kafka-errors.ts';
import { recordsOf, type LogRecord } from './log-record.ts';

/** What to do when a position falls outside the log (compaction, retention, DeleteRecords). */
export type OffsetReset = 'earliest' | 'latest' | 'none';

export interface PartitionFetcherOptions {
  readonly consumer: Consumer;
  readonly offsetReset: OffsetReset;
  /** 0 read_uncommitted (default), 1 read_committed. */
  readonly isolationLevel?: number;
  readonly partitionMaxBytes?: number;
  readonly maxBytes?: number;
  readonly logger?: Logger;
}

export interface PartitionRef {
  readonly topic: string;
  readonly partition: number;
}

// Broker errors after which the leader or topic id must be looked up again (Kafka error codes).
const STALE_METADATA = new Set([3, 5, 6, 56, 74, 75, 78, 100]);
const OFFSET_OUT_OF_RANGE = 1;
const TOPIC_AUTHORIZATION_FAILED = 29;

type FetchRequestTopic = FetchOptions<Buffer, Buffer, Buffer, Buffer>['topics'][number];
type FetchResponse = Awaited<ReturnType<Consumer['fetch']>>;

export class PartitionFetcher {
  readonly #options: PartitionFetcherOptions;
  readonly #positions = new Map<string, Map<number, number>>();
  #refreshMetadata = false;
  #fatal: RuntimeError | undefined;

  constructor(options: PartitionFetcherOptions) {
    this.#options = options;
  }

  assign(topic: string, partition: number, offset: number): void {
    let partitions = this.#positions.get(topic);
    if (!partitions) {
      this.#positions.set(topic, (partitions = new Map()));
      this.#options.consumer.topics.track(topic);
    }
    partitions.set(partition, offset);
  }

  unassign(topic: string, partition: number): void {
    const partitions = this.#positions.get(topic);
    if (!partitions) return;
    partitions.delete(partition);
    if (partitions.size === 0) {
      this.#positions.delete(topic);
      this.#options.consumer.topics.untrack(topic);
    }
  }

  position(topic: string, partition: number): number | undefined {
    return this.#positions.get(topic)?.get(partition);
  }

  /** Same as assign, for a partition already assigned: where the next poll reads from. */
  seek(topic: string, partition: number, offset: number): void {
    if (this.position(topic, partition) === undefined) throw new RuntimeError(RuntimeErrors.BAD_REQUEST, `cannot seek ${topic}-${partition}: it is not assigned`);
    this.#positions.get(topic)!.set(partition, offset);
  }

  assigned(): PartitionRef[] {
    const out: PartitionRef[] = [];
    for (const [topic, partitions] of this.#positions) for (const partition of partitions.keys()) out.push({ topic, partition });
    return out;
  }

  /**
   * One fetch round: waits up to maxWaitMs for data on the assigned partitions `include` accepts and
   * returns their records in offset order per partition. Transient broker errors only trigger a
   * metadata refresh for the next round; a round in which every leader failed throws.
   */
  async poll(maxWaitMs: number, include: (topic: string, partition: number) => boolean = () => true): Promise<LogRecord[]> {
    if (this.#fatal) throw this.#fatal;
    const wanted = this.assigned().filter((p) => include(p.topic, p.partition));
    if (wanted.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, maxWaitMs));
      return [];
    }
    const { consumer } = this.#options;
    const topics = [...new Set(wanted.map((p) => p.topic))];
    let metadata;
    try {
      metadata = await consumer.metadata({ topics, forceUpdate: this.#refreshMetadata });
    } catch (error) {
      this.#refreshMetadata = true;
      throw kafkaFailure(`reading metadata of ${topics.join(', ')}`, error);
    }
    this.#refreshMetadata = false;

    const names = new Map<string, string>();
    const byLeader = new Map<number, Map<string, FetchRequestTopic>>();
    const requested = new Map<string, number>();
    for (const { topic, partition } of wanted) {
      const info = metadata.topics.get(topic);
      const leader = info?.partitions[partition]?.leader;
      if (info === undefined || leader === undefined || leader < 0) {
        this.#refreshMetadata = true;
        continue;
      }
      names.set(info.id, topic);
      let requests = byLeader.get(leader);
      if (!requests) byLeader.set(leader, (requests = new Map()));
      let request = requests.get(info.id);
      if (!request) requests.set(info.id, (request = { topicId: info.id, partitions: [] }));
      const fetchOffset = this.position(topic, partition)!;
      requested.set(`${topic}\u0000${partition}`, fetchOffset);
      request.partitions.push({
        partition,
        fetchOffset: BigInt(fetchOffset),
        partitionMaxBytes: this.#options.partitionMaxBytes ?? 1 << 20,
        currentLeaderEpoch: -1,
        lastFetchedEpoch: -1,
      });
    }
    if (byLeader.size === 0) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(maxWaitMs, 100)));
      return [];
    }

    const settled = await Promise.allSettled([...byLeader].map(([node, requests]) => this.#fetch(node, [...requests.values()], maxWaitMs)));
    const records: LogRecord[] = [];
    let failure: unknown;
    let succeeded = 0;
    for (const result of settled) {
      if (result.status === 'rejected') {
        failure ??= result.reason;
        this.#refreshMetadata = true;
        continue;
      }
      succeeded++;
      for (const topicResponse of result.value.responses) {
        const topic = names.get(topicResponse.topicId) ?? topicResponse.topicId;
        for (const p of topicResponse.partitions) {
          const from = requested.get(`${topic}\u0000${p.partitionIndex}`);
          // Unassigned or moved by seek() while the fetch was in flight: the answer is stale.
          if (from === undefined || this.position(topic, p.partitionIndex) !== from) continue;
          await this.#handlePartition(topic, p.partitionIndex, p.errorCode, (p.records ?? []) as RecordsBatch[], from, records);
        }
      }
    }
    if (succeeded === 0 && failure !== undefined) throw kafkaFailure(`fetching from ${topics.join(', ')}`, failure);
    return records;
  }

  async #fetch(node: number, topics: FetchRequestTopic[], maxWaitMs: number): Promise<FetchResponse> {
    try {
      return await this.#options.consumer.fetch({
        node,
        topics,
        maxWaitTime: maxWaitMs,
        minBytes: 1,
        maxBytes: this.#options.maxBytes ?? 50 << 20,
        isolationLevel: this.#options.isolationLevel ?? FetchIsolationLevels.READ_UNCOMMITTED,
      });
    } catch (error) {
      // Partition-level errors arrive as a thrown ResponseError that still carries the whole answer:
      // the other partitions' records in it must not be lost.
      const response = (findErrorBy(error as Error, 'code', 'PLT_KFK_RESPONSE') as { response?: FetchResponse } | null)?.response;
      if (response?.responses) return response;
      throw error;
    }
  }

  async #handlePartition(topic: string, partition: number, errorCode: number, batches: RecordsBatch[], from: number, out: LogRecord[]): Promise<void> {
    if (errorCode === 0) {
      const { records, next } = recordsOf(topic, partition, batches, from);
      for (const record of records) out.push(record);
      this.#positions.get(topic)?.set(partition, next);
      return;
    }
    if (errorCode === OFFSET_OUT_OF_RANGE) {
      await this.#reset(topic, partition, from);
      return;
    }
    if (errorCode === TOPIC_AUTHORIZATION_FAILED) {
      this.#fatal = new RuntimeError(RuntimeErrors.KAFKA, `Not authorized to read topic '${topic}' (TOPIC_AUTHORIZATION_FAILED)`);
      return;
    }
    if (!STALE_METADATA.has(errorCode)) this.#options.logger?.warn({ topic, partition, errorCode }, 'fetch answered with a broker error; retrying');
    this.#refreshMetadata = true;
  }

  async #reset(topic: string, partition: number, from: number): Promise<void> {
    const policy = this.#options.offsetReset;
    if (policy === 'none') {
      this.#fatal = new RuntimeError(RuntimeErrors.KAFKA, `Offset ${from} of ${topic}-${partition} is out of range and no offset reset policy is set`);
      return;
    }
    const [offset] = await listOffsets(this.#options.consumer, topic, policy, [partition], this.#options.isolationLevel);
    this.#options.logger?.info({ topic, partition, from, to: offset }, `position out of range; reset to ${policy}`);
    this.#positions.get(topic)?.set(partition, offset);
  }
}

/** The earliest or latest (high watermark / last stable) offsets of partitions, in the order asked. */
export async function listOffsets(consumer: Consumer, topic: string, which: 'earliest' | 'latest', partitions: readonly number[], isolationLevel = FetchIsolationLevels.READ_UNCOMMITTED as number): Promise<number[]> {
  try {
    const offsets = await consumer.listOffsets({ topics: [topic], partitions: { [topic]: [...partitions] }, timestamp: which === 'earliest' ? -2n : -1n, isolationLevel });
    const byPartition = offsets.get(topic) ?? [];
    return partitions.map((p) => Number(byPartition[p] ?? 0n));
  } catch (error) {
    throw kafkaFailure(`listing the ${which} offsets of ${topic}`, error);
  }
}
