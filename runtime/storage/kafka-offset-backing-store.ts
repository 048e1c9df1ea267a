/**
 * Distributed workers' source offsets: a KafkaBasedLog over the compacted offsets topic (25
 * partitions by default), records in Connect's format and in the partition Kafka's default
 * partitioner picks for the key, so Sluice and Kafka Connect can share or migrate an offsets topic.
 *
 * Design: the in-memory table changes only when records are read back, on every worker alike. get()
 * reads to the end first (an offset committed by a task that ran elsewhere must be seen before a task
 * resumes); set() resolves when the broker acknowledges the records (acks=all), which is the
 * durability point, without waiting for the read-back.
 */
import { pino, type Logger } from 'pino';
import type { SourceOffset, SourcePartition } from '../../connectors/sdk/index.ts';
import type { ConnectorOffsets } from '../herder/connect-types.ts';
import { KafkaBasedLog, type KafkaClientOptions, type TopicSpec } from '../kafka/index.ts';
import type { OffsetBackingStore, OffsetEntries } from './offset-backing-store.ts';
import { validateOffsetMap } from './offset-records.ts';
import { OffsetTable } from './offset-table.ts';

export interface KafkaOffsetBackingStoreOptions {
  readonly client: KafkaClientOptions;
  /** From offsetTopicSpec(workerConfig). */
  readonly topic: TopicSpec;
  /** Bound on get()'s read to the end and on set(); default 30 s. */
  readonly timeoutMs?: number;
  readonly idempotent?: boolean;
  readonly logger?: Logger;
}

export class KafkaOffsetBackingStore implements OffsetBackingStore {
  readonly #log: KafkaBasedLog;
  readonly #table = new OffsetTable();
  readonly #timeoutMs: number;

  constructor(options: KafkaOffsetBackingStoreOptions) {
    const logger = options.logger ?? pino({ level: 'silent' });
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#log = new KafkaBasedLog({
      topic: options.topic.name,
      client: { ...options.client, clientId: `${options.client.clientId ?? 'sluice'}-offsets` },
      topicSpec: options.topic,
      idempotent: options.idempotent,
      consume: (record) => this.#table.applyRecord(record.key, record.value),
      readTimeoutMs: this.#timeoutMs,
      sendTimeoutMs: this.#timeoutMs,
      logger,
    });
  }

  async start(): Promise<void> {
    await this.#log.start();
  }

  async stop(): Promise<void> {
    await this.#log.stop();
  }

  async get(connector: string, partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>> {
    await this.#log.readToEnd(this.#timeoutMs);
    return this.#table.lookup(connector, partitions);
  }

  async set(connector: string, entries: OffsetEntries): Promise<void> {
    const records = [...entries].map(([partition, offset]) => {
      validateOffsetMap('A source partition', partition);
      validateOffsetMap('A source offset', offset);
      return this.#table.recordFor(connector, partition, offset);
    });
    if (records.length > 0) await this.#log.sendAll(records);
  }

  async connectorPartitions(connector: string): Promise<SourcePartition[]> {
    await this.#log.readToEnd(this.#timeoutMs);
    return this.#table.entriesOf(connector).map((e) => e.partition);
  }

  async connectorOffsets(connector: string): Promise<ConnectorOffsets> {
    await this.#log.readToEnd(this.#timeoutMs);
    return this.#table.connectorOffsets(connector);
  }
}
