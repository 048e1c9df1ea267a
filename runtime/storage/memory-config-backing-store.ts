/**
 * The standalone worker's config store: nothing survives the process (configs come back from the
 * connector files given at start). Each write is encoded exactly as the Kafka store would write it and
 * applied to the same ConfigTopicState, so both stores behave alike; updates reach listeners
 * synchronously, before the write resolves.
 */
import { pino, type Logger } from 'pino';
import type { ConnectorConfig, RestartRequest, TargetState } from '../herder/connect-types.ts';
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

export class MemoryConfigBackingStore implements ConfigBackingStore {
  readonly #state = new ConfigTopicState();
  readonly #listeners: UpdateListeners<ConfigUpdate>;
  #nextOffset = 0;

  constructor(options: { logger?: Logger } = {}) {
    this.#listeners = new UpdateListeners(options.logger ?? pino({ level: 'silent' }));
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  snapshot(): ClusterConfigState {
    return this.#state.snapshot();
  }

  contains(connector: string): boolean {
    return this.#state.contains(connector);
  }

  async putConnectorConfig(connector: string, config: ConnectorConfig, targetState?: TargetState): Promise<void> {
    if (targetState !== undefined) this.#append(targetStateRecord(connector, targetState));
    this.#append(connectorConfigRecord(connector, config));
  }

  async removeConnectorConfig(connector: string): Promise<void> {
    this.#append(connectorConfigRecord(connector, null));
    this.#append(targetStateRecord(connector, null));
  }

  async putTaskConfigs(connector: string, configs: readonly ConnectorConfig[]): Promise<void> {
    configs.forEach((config, task) => this.#append(taskConfigRecord({ connector, task }, config)));
    this.#append(taskCommitRecord(connector, configs.length));
  }

  async putTargetState(connector: string, state: TargetState): Promise<void> {
    this.#append(targetStateRecord(connector, state));
  }

  async putRestartRequest(connector: string, request: RestartRequest): Promise<void> {
    this.#append(restartRequestRecord(connector, request));
  }

  async refresh(): Promise<void> {}

  onUpdate(listener: ConfigUpdateListener): () => void {
    return this.#listeners.add(listener);
  }

  #append(record: EncodedRecord): void {
    this.#listeners.emit(this.#state.apply(decodeConfigRecord(record.key, record.value), this.#nextOffset++));
  }
}
