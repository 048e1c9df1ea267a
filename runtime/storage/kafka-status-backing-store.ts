/**
 * Distributed workers' statuses: a KafkaBasedLog over the compacted status topic (5 partitions by
 * default) feeding a StatusTable.
 *
 * Design: as in Connect, a status changes the table only when it is read back from the topic, so all
 * workers apply the same records in the same order per key; "safe" writes are decided against what
 * this worker has read so far. Writes resolve when acknowledged; refresh() reads to the end when a
 * caller needs other workers' latest statuses (e.g. before answering GET .../status).
 */
import { pino, type Logger } from 'pino';
import { KafkaBasedLog, type KafkaClientOptions, type LogRecord, type TopicSpec } from '../kafka/index.ts';
import type { ConnectorStatus, StatusBackingStore, TaskStatus } from './status-backing-store.ts';
import { decodeStatusRecord, encodeStatusValue, encodeTopicStatusValue, statusKeys, type TopicStatus } from './status-records.ts';
import { TableBackedStatusStore } from './table-backed-status-store.ts';

export interface KafkaStatusBackingStoreOptions {
  readonly client: KafkaClientOptions;
  /** From statusTopicSpec(workerConfig). */
  readonly topic: TopicSpec;
  /** Default 30 s: how long writes retry transient failures and refresh() waits. */
  readonly timeoutMs?: number;
  readonly idempotent?: boolean;
  readonly logger?: Logger;
}

export class KafkaStatusBackingStore extends TableBackedStatusStore implements StatusBackingStore {
  readonly #log: KafkaBasedLog;
  readonly #logger: Logger;
  readonly #timeoutMs: number;

  constructor(options: KafkaStatusBackingStoreOptions) {
    super();
    this.#logger = options.logger ?? pino({ level: 'silent' });
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#log = new KafkaBasedLog({
      topic: options.topic.name,
      client: { ...options.client, clientId: `${options.client.clientId ?? 'sluice'}-statuses` },
      topicSpec: options.topic,
      idempotent: options.idempotent,
      consume: (record) => this.#consume(record),
      readTimeoutMs: this.#timeoutMs,
      sendTimeoutMs: this.#timeoutMs,
      logger: this.#logger,
    });
  }

  async start(): Promise<void> {
    await this.#log.start();
  }

  async stop(): Promise<void> {
    await this.#log.stop();
  }

  async putConnector(status: ConnectorStatus): Promise<void> {
    this.table.touchConnector(status.connector);
    await this.#log.send(Buffer.from(statusKeys.connector(status.connector)), encodeStatusValue(status));
  }

  async putTask(status: TaskStatus): Promise<void> {
    this.table.touchTask(status.id);
    await this.#log.send(Buffer.from(statusKeys.task(status.id)), encodeStatusValue(status));
  }

  async putTopic(status: TopicStatus): Promise<void> {
    await this.#log.send(Buffer.from(statusKeys.topic(status.topic, status.connector)), encodeTopicStatusValue(status));
  }

  async deleteTopic(connector: string, topic: string): Promise<void> {
    await this.#log.send(Buffer.from(statusKeys.topic(topic, connector)), null);
  }

  async refresh(timeoutMs = this.#timeoutMs): Promise<void> {
    await this.#log.readToEnd(timeoutMs);
  }

  async flush(): Promise<void> {
    await this.#log.flush();
  }

  #consume(record: LogRecord): void {
    const decoded = decodeStatusRecord(record.key, record.value);
    switch (decoded.type) {
      case 'connector':
        this.table.applyConnector(decoded.connector, decoded.status);
        return;
      case 'task':
        this.table.applyTask(decoded.id, decoded.status);
        return;
      case 'topic':
        this.table.applyTopic(decoded.connector, decoded.topic, decoded.status);
        return;
      case 'invalid':
        this.#logger.warn({ key: decoded.key, offset: record.offset, reason: decoded.reason }, 'invalid status record skipped');
    }
  }
}
