/**
 * The distributed worker's config store: a KafkaBasedLog over the single-partition, compacted config
 * topic, feeding ConfigTopicState.
 *
 * Design: the store never changes its state on write. Every write goes to the topic and takes effect
 * when the tailing reader gets it back, in log order, exactly as it takes effect on every other
 * worker; that is what keeps all workers' snapshots equal at equal offsets. Writes that Connect makes
 * synchronous (configs, task configs, restart requests, deletions) resolve after readToEnd(); target
 * states resolve on acknowledgement. Task configs are written as Connect does: read to the end, write
 * the task records, read them back, then write the commit that makes them take effect.
 */
import { pino, type Logger } from 'pino';
import type { ConnectorConfig, RestartRequest, TargetState } from '../herder/connect-types.ts';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import { KafkaBasedLog, type KafkaClientOptions, type LogRecord, type TopicSpec } from '../kafka/index.ts';
import type { ClusterConfigState } from './cluster-config-state.ts';
import type { ConfigBackingStore, ConfigUpdateListener } from './config-backing-store.ts';
import {
  connectorConfigRecord,
  decodeConfigRecord,
  restartRequestRecord,
  targetStateRecord,
  taskCommitRecord,
  taskConfigRecord,
  type EncodedRecord,
} from './config-records.ts';
import { ConfigTopicState, type ConfigUpdate } from './config-topic-state.ts';
import { UpdateListeners } from './update-listeners.ts';

export interface KafkaConfigBackingStoreOptions {
  readonly client: KafkaClientOptions;
  /** From configTopicSpec(workerConfig). */
  readonly topic: TopicSpec;
  /** Bound on each synchronous write including its read-back; default 30 s (Connect's). */
  readonly writeTimeoutMs?: number;
  /** Idempotent writes when the cluster supports them; default true. */
  readonly idempotent?: boolean;
  readonly logger?: Logger;
}

export class KafkaConfigBackingStore implements ConfigBackingStore {
  readonly #log: KafkaBasedLog;
  readonly #state = new ConfigTopicState();
  readonly #listeners: UpdateListeners<ConfigUpdate>;
  readonly #logger: Logger;
  readonly #topic: TopicSpec;
  readonly #timeoutMs: number;
  #started = false;

  constructor(options: KafkaConfigBackingStoreOptions) {
    this.#logger = options.logger ?? pino({ level: 'silent' });
    this.#listeners = new UpdateListeners(this.#logger);
    this.#topic = options.topic;
    this.#timeoutMs = options.writeTimeoutMs ?? 30_000;
    this.#log = new KafkaBasedLog({
      topic: options.topic.name,
      client: { ...options.client, clientId: `${options.client.clientId ?? 'sluice'}-configs` },
      topicSpec: options.topic,
      idempotent: options.idempotent,
      consume: (record) => this.#consume(record),
      readTimeoutMs: this.#timeoutMs,
      logger: this.#logger,
    });
  }

  async start(): Promise<void> {
    await this.#log.start();
    if (this.#log.partitionCount > 1) {
      await this.#log.stop();
      throw new RuntimeError(
        RuntimeErrors.INVALID_CONFIG,
        `Topic '${this.#topic.name}' (set by '${this.#topic.compactOnly?.configKey ?? 'config.storage.topic'}') must have exactly 1 partition to keep connector configurations consistent, but it has ${this.#log.partitionCount}.`,
      );
    }
    this.#started = true;
  }

  async stop(): Promise<void> {
    this.#started = false;
    await this.#log.stop();
  }

  snapshot(): ClusterConfigState {
    return this.#state.snapshot();
  }

  contains(connector: string): boolean {
    return this.#state.contains(connector);
  }

  async putConnectorConfig(connector: string, config: ConnectorConfig, targetState?: TargetState): Promise<void> {
    const records: EncodedRecord[] = [];
    if (targetState !== undefined) records.push(targetStateRecord(connector, targetState));
    records.push(connectorConfigRecord(connector, config));
    await this.#writeAndRead(records);
  }

  async removeConnectorConfig(connector: string): Promise<void> {
    await this.#writeAndRead([connectorConfigRecord(connector, null), targetStateRecord(connector, null)]);
  }

  async putTaskConfigs(connector: string, configs: readonly ConnectorConfig[]): Promise<void> {
    const deadline = Date.now() + this.#timeoutMs;
    await this.#log.readToEnd(remaining(deadline));
    if (configs.length > 0) {
      await this.#log.sendAll(configs.map((config, task) => taskConfigRecord({ connector, task }, config)));
      await this.#log.readToEnd(remaining(deadline));
    }
    await this.#log.sendAll([taskCommitRecord(connector, configs.length)]);
    await this.#log.readToEnd(remaining(deadline));
  }

  async putTargetState(connector: string, state: TargetState): Promise<void> {
    await this.#log.sendAll([targetStateRecord(connector, state)]);
  }

  async putRestartRequest(connector: string, request: RestartRequest): Promise<void> {
    await this.#writeAndRead([restartRequestRecord(connector, request)]);
  }

  async refresh(timeoutMs: number): Promise<void> {
    await this.#log.readToEnd(timeoutMs);
  }

  onUpdate(listener: ConfigUpdateListener): () => void {
    return this.#listeners.add(listener);
  }

  async #writeAndRead(records: EncodedRecord[]): Promise<void> {
    const deadline = Date.now() + this.#timeoutMs;
    await this.#log.sendAll(records);
    await this.#log.readToEnd(remaining(deadline));
  }

  #consume(record: LogRecord): void {
    let decoded;
    try {
      decoded = decodeConfigRecord(record.key, record.value);
    } catch (error) {
      this.#logger.error({ topic: record.topic, offset: record.offset, err: error }, 'config record value is not JSON; skipped');
      return;
    }
    if (decoded.type === 'invalid') this.#logger.error({ key: decoded.key, offset: record.offset, reason: decoded.reason }, 'invalid config record skipped');
    const updates = this.#state.apply(decoded, record.offset);
    // Like Connect: what is read during start() builds the state silently.
    if (this.#started) this.#listeners.emit(updates);
  }
}

function remaining(deadline: number): number {
  return Math.max(1, deadline - Date.now());
}
