/**
 * What the standalone and distributed herders answer alike (Connect's AbstractHerder): reads from a
 * config snapshot and the status store, plugin descriptions, config validation, offsets and active
 * topics. Subclasses decide how fresh a snapshot must be, and implement the writes and the lifecycle.
 */
import type { Admin } from '@platformatic/kafka';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import { kafkaFailure } from '../kafka/index.ts';
import type { PluginRegistry } from '../plugins/index.ts';
import type { ClusterConfigState, StatusBackingStore } from '../storage/index.ts';
import type {
  ConfigInfos, ConfigKeyInfo, ConnectorConfig, ConnectorInfo, ConnectorOffsets, ConnectorStateInfo, PluginInfo, RestartRequest, TargetState, TaskInfo,
} from './connect-types.ts';
import type { ConnectorOffsetsAdmin } from './connector-offsets.ts';
import type { ConnectorValidator } from './connector-validation.ts';
import type { Herder, PutConnectorResult } from './herder.ts';
import { connectorStateInfo, restartPlan, taskState, type TaskState } from './status-view.ts';

export interface HerderParts {
  readonly plugins: PluginRegistry;
  readonly validator: ConnectorValidator;
  readonly statuses: StatusBackingStore;
  readonly offsets: ConnectorOffsetsAdmin;
  /** The admin client (cluster id, sink offsets), created on first use. */
  readonly admin: () => Admin;
}

export abstract class AbstractHerder implements Herder {
  protected readonly parts: HerderParts;
  #clusterId: string | undefined;

  constructor(parts: HerderParts) {
    this.parts = parts;
  }

  abstract get workerId(): string;

  /** A snapshot that includes every config change acknowledged before the call. */
  protected abstract readSnapshot(): Promise<ClusterConfigState>;

  /** Reads statuses other workers wrote (nothing to do where all statuses are local). */
  protected async refreshStatuses(): Promise<void> {}

  abstract putConnectorConfig(name: string, config: ConnectorConfig, options: { allowReplace: boolean; initialState?: TargetState }): Promise<PutConnectorResult>;
  abstract patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<PutConnectorResult>;
  abstract deleteConnector(name: string): Promise<void>;
  abstract pauseConnector(name: string): Promise<void>;
  abstract resumeConnector(name: string): Promise<void>;
  abstract stopConnector(name: string): Promise<void>;
  abstract restartConnector(name: string, request: RestartRequest): Promise<ConnectorStateInfo | null>;
  abstract restartTask(name: string, task: number): Promise<void>;
  abstract alterConnectorOffsets(name: string, offsets: ConnectorOffsets): Promise<void>;
  abstract resetConnectorOffsets(name: string): Promise<void>;
  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;

  async kafkaClusterId(): Promise<string> {
    if (this.#clusterId === undefined) {
      try {
        this.#clusterId = (await this.parts.admin().metadata({ topics: [] })).id;
      } catch (error) {
        throw kafkaFailure('reading the Kafka cluster id', error);
      }
    }
    return this.#clusterId;
  }

  async connectors(): Promise<string[]> {
    return (await this.readSnapshot()).connectors().sort();
  }

  async connectorInfo(name: string): Promise<ConnectorInfo> {
    return this.infoOf(await this.readSnapshot(), name);
  }

  async connectorConfig(name: string): Promise<ConnectorConfig> {
    return { ...requireConfig(await this.readSnapshot(), name) };
  }

  async taskConfigs(name: string): Promise<TaskInfo[]> {
    const snapshot = await this.readSnapshot();
    requireConfig(snapshot, name);
    return snapshot.tasks(name).map((id) => ({ id, config: { ...(snapshot.taskConfig(id) ?? {}) } }));
  }

  async connectorStatus(name: string): Promise<ConnectorStateInfo> {
    const snapshot = await this.readSnapshot();
    const config = requireConfig(snapshot, name);
    await this.refreshStatuses();
    return connectorStateInfo(name, snapshot, this.parts.statuses, this.parts.validator.connectorType(config));
  }

  async taskStatus(name: string, task: number): Promise<TaskState> {
    const snapshot = await this.readSnapshot();
    requireConfig(snapshot, name);
    await this.refreshStatuses();
    return taskState(name, task, snapshot, this.parts.statuses);
  }

  async connectorActiveTopics(name: string): Promise<string[]> {
    requireConfig(await this.readSnapshot(), name);
    await this.refreshStatuses();
    return this.parts.statuses.topics(name).map((t) => t.topic).sort();
  }

  /** Any worker may delete topic entries: the status topic has no single writer. */
  async resetConnectorActiveTopics(name: string): Promise<void> {
    requireConfig(await this.readSnapshot(), name);
    await this.refreshStatuses();
    await Promise.all(this.parts.statuses.topics(name).map((t) => this.parts.statuses.deleteTopic(name, t.topic)));
  }

  async connectorOffsets(name: string): Promise<ConnectorOffsets> {
    return this.parts.offsets.read(name, requireConfig(await this.readSnapshot(), name));
  }

  async connectorPlugins(options: { connectorsOnly: boolean }): Promise<PluginInfo[]> {
    return this.parts.plugins.list({ connectorsOnly: options.connectorsOnly });
  }

  async connectorPluginConfig(plugin: string): Promise<ConfigKeyInfo[]> {
    return this.parts.validator.pluginConfig(plugin);
  }

  async validateConnectorConfig(plugin: string, config: ConnectorConfig): Promise<ConfigInfos> {
    return this.parts.validator.validatePlugin(plugin, config);
  }

  protected infoOf(snapshot: ClusterConfigState, name: string): ConnectorInfo {
    const config = requireConfig(snapshot, name);
    return { name, config: { ...config }, tasks: snapshot.tasks(name), type: this.parts.validator.connectorType(config) };
  }

  /** The restart plan a request answers with; NOT_FOUND when the connector has no status yet. */
  protected async planRestart(snapshot: ClusterConfigState, name: string, request: RestartRequest): Promise<ConnectorStateInfo | null> {
    if (!request.includeTasks && !request.onlyFailed) return null;
    await this.refreshStatuses();
    let current: ConnectorStateInfo;
    try {
      current = connectorStateInfo(name, snapshot, this.parts.statuses, this.parts.validator.connectorType(requireConfig(snapshot, name)));
    } catch (error) {
      if (error instanceof RuntimeError && error.kind === RuntimeErrors.NOT_FOUND) throw new RuntimeError(RuntimeErrors.NOT_FOUND, `Status for connector ${name} not found; it has not started yet`);
      throw error;
    }
    return restartPlan(current, request);
  }
}

/** The connector's config; NOT_FOUND ("Connector <name> not found") when there is none. */
export function requireConfig(snapshot: ClusterConfigState, name: string): ConnectorConfig {
  const config = snapshot.connectorConfig(name);
  if (!config) throw new RuntimeError(RuntimeErrors.NOT_FOUND, `Connector ${name} not found`);
  return config;
}

/** Offsets may change only while the connector is STOPPED (and so has no tasks). */
export function requireStopped(snapshot: ClusterConfigState, name: string, verb: 'altered' | 'reset'): ConnectorConfig {
  const config = requireConfig(snapshot, name);
  if (snapshot.targetState(name) !== 'STOPPED' || snapshot.taskCount(name) !== 0) {
    throw new RuntimeError(
      RuntimeErrors.BAD_REQUEST,
      `Connector ${name} must be in the STOPPED state before its offsets can be ${verb}; stop it first with PUT /connectors/${name}/stop`,
    );
  }
  return config;
}

/** The config PATCH /connectors/{c}/config asks for: keys set, null removes, the name kept. */
export function patchedConfig(current: ConnectorConfig, name: string, patch: Record<string, string | null>): ConnectorConfig {
  const merged: ConnectorConfig = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  merged.name = name;
  return merged;
}
