/**
 * What the REST API and CLI ask of a worker cluster. Two implementations: the
 * standalone herder (one process, configs from files, offsets in a local file) and the
 * distributed herder (workers in a `connect` group, state in internal topics, writes
 * forwarded to the leader). Every method throws RuntimeError (runtime/errors.ts) for
 * the outcomes Connect's REST API maps to status codes: NOT_FOUND, ALREADY_EXISTS,
 * REBALANCE_IN_PROGRESS, INVALID_CONFIG (with per-field errors), ...
 */
import type {
  ConfigInfos,
  ConfigKeyInfo,
  ConnectorConfig,
  ConnectorInfo,
  ConnectorOffsets,
  ConnectorStateInfo,
  PluginInfo,
  RestartRequest,
  TargetState,
  TaskInfo,
  State,
} from './connect-types.ts';

export interface PutConnectorResult {
  created: boolean;
  info: ConnectorInfo;
}

export interface Herder {
  /** Id of this worker, e.g. "127.0.0.1:8083". */
  readonly workerId: string;
  kafkaClusterId(): Promise<string>;

  connectors(): Promise<string[]>;
  connectorInfo(name: string): Promise<ConnectorInfo>;
  connectorConfig(name: string): Promise<ConnectorConfig>;
  /** Creates (allowReplace=false: ALREADY_EXISTS if present) or replaces a connector's config. */
  putConnectorConfig(name: string, config: ConnectorConfig, options: { allowReplace: boolean; initialState?: TargetState }): Promise<PutConnectorResult>;
  patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<PutConnectorResult>;
  deleteConnector(name: string): Promise<void>;

  connectorStatus(name: string): Promise<ConnectorStateInfo>;
  taskStatus(name: string, task: number): Promise<{ id: number; state: State; worker_id: string; trace?: string }>;
  taskConfigs(name: string): Promise<TaskInfo[]>;

  pauseConnector(name: string): Promise<void>;
  resumeConnector(name: string): Promise<void>;
  stopConnector(name: string): Promise<void>;
  /** Returns null when only the connector itself was restarted (REST answers 204), else the status (202). */
  restartConnector(name: string, request: RestartRequest): Promise<ConnectorStateInfo | null>;
  restartTask(name: string, task: number): Promise<void>;

  connectorActiveTopics(name: string): Promise<string[]>;
  resetConnectorActiveTopics(name: string): Promise<void>;

  connectorOffsets(name: string): Promise<ConnectorOffsets>;
  /** The connector must be STOPPED (else BAD_REQUEST). */
  alterConnectorOffsets(name: string, offsets: ConnectorOffsets): Promise<void>;
  resetConnectorOffsets(name: string): Promise<void>;

  connectorPlugins(options: { connectorsOnly: boolean }): Promise<PluginInfo[]>;
  connectorPluginConfig(plugin: string): Promise<ConfigKeyInfo[]>;
  validateConnectorConfig(plugin: string, config: ConnectorConfig): Promise<ConfigInfos>;

  /**
   * Internal (Connect's POST /connectors/{c}/tasks): the worker running a connector hands its newly
   * generated task configs to the leader, the config topic's only writer. NOT_LEADER on other workers.
   * Only the distributed herder has it.
   */
  putTaskConfigs?(name: string, configs: ConnectorConfig[]): Promise<void>;

  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What createStandaloneHerder() and createDistributedHerder() return: the herder (for the REST server) and its lifecycle. */
export interface HerderHandle<H extends Herder = Herder> {
  readonly herder: H;
  start(): Promise<void>;
  stop(): Promise<void>;
}
