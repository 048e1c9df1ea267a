/**
 * A Herder kept in memory that answers as a Connect worker would: a test double for the
 * REST layer and the CLI, not a runtime. Connectors "run" the moment they are configured;
 * failures are injected with failConnector/failTask. Validation, task generation,
 * target states, restart plans, active topics and offsets follow Connect's rules.
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
  State,
  TargetState,
  TaskInfo,
} from '../../../runtime/herder/connect-types.ts';
import type { Herder, PutConnectorResult } from '../../../runtime/herder/herder.ts';
import { RuntimeError, RuntimeErrors } from '../../../runtime/errors.ts';
import { findMockPlugin, MOCK_PLUGINS, OTHER_PLUGINS, type MockPlugin } from './mock-plugins.ts';

type Offset = ConnectorOffsets['offsets'][number];

interface ConnectorEntry {
  config: ConnectorConfig;
  plugin: MockPlugin;
  target: TargetState;
  taskCount: number;
  failure?: string;
  taskFailures: Map<number, string>;
  topics: Set<string>;
  offsets: Map<string, Offset>;
}

// Partitions are maps; two equal maps must name the same partition whatever their key order.
function partitionKey(partition: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(partition).sort().map((k) => [k, partition[k]]));
}

export class InMemoryHerder implements Herder {
  readonly workerId: string;
  readonly #connectors = new Map<string, ConnectorEntry>();

  constructor(workerId = '127.0.0.1:8083') {
    this.workerId = workerId;
  }

  async kafkaClusterId(): Promise<string> {
    return 'sluice-in-memory-cluster';
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async connectors(): Promise<string[]> {
    return [...this.#connectors.keys()].sort();
  }

  async connectorInfo(name: string): Promise<ConnectorInfo> {
    const c = this.#get(name);
    return { name, config: { ...c.config }, tasks: this.#taskIds(c).map((task) => ({ connector: name, task })), type: c.plugin.info.type as ConnectorInfo['type'] };
  }

  async connectorConfig(name: string): Promise<ConnectorConfig> {
    return { ...this.#get(name).config };
  }

  async putConnectorConfig(name: string, config: ConnectorConfig, options: { allowReplace: boolean; initialState?: TargetState }): Promise<PutConnectorResult> {
    const existing = this.#connectors.get(name);
    if (existing && !options.allowReplace) throw new RuntimeError(RuntimeErrors.ALREADY_EXISTS, `Connector ${name} already exists`);
    const plugin = this.#pluginOf(config);
    const validation = this.#validate(plugin, config);
    if (validation.error_count > 0) {
      const fieldErrors = Object.fromEntries(validation.configs.filter((c) => c.value.errors.length).map((c) => [c.value.name, c.value.errors]));
      throw new RuntimeError(RuntimeErrors.INVALID_CONFIG, `Connector configuration is invalid and contains ${validation.error_count} error(s)`, { fieldErrors });
    }
    const entry: ConnectorEntry = {
      config: { ...config },
      plugin,
      target: existing?.target ?? options.initialState ?? 'STARTED',
      taskCount: Number(config['tasks.max'] ?? '1'),
      taskFailures: new Map(),
      topics: existing?.topics ?? new Set(),
      offsets: existing?.offsets ?? new Map(),
    };
    this.#connectors.set(name, entry);
    this.#touchTopics(entry);
    return { created: !existing, info: await this.connectorInfo(name) };
  }

  async patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<PutConnectorResult> {
    const merged: ConnectorConfig = { ...this.#get(name).config };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    merged.name = name;
    return this.putConnectorConfig(name, merged, { allowReplace: true });
  }

  async deleteConnector(name: string): Promise<void> {
    this.#get(name);
    this.#connectors.delete(name);
  }

  async connectorStatus(name: string): Promise<ConnectorStateInfo> {
    const c = this.#get(name);
    const connector: ConnectorStateInfo['connector'] = { state: this.#connectorState(c), worker_id: this.workerId };
    if (c.failure) connector.trace = c.failure;
    return { name, connector, tasks: this.#taskIds(c).map((id) => this.#taskState(c, id)), type: c.plugin.info.type as ConnectorStateInfo['type'] };
  }

  async taskStatus(name: string, task: number): Promise<ConnectorStateInfo['tasks'][number]> {
    const c = this.#connectors.get(name);
    if (!c || !this.#taskIds(c).includes(task)) throw new RuntimeError(RuntimeErrors.NOT_FOUND, `No status found for task ${name}-${task}`);
    return this.#taskState(c, task);
  }

  async taskConfigs(name: string): Promise<TaskInfo[]> {
    const c = this.#get(name);
    const taskClass = c.plugin.info.class.replace(/Connector$/, 'Task');
    return this.#taskIds(c).map((task) => ({
      id: { connector: name, task },
      config: { 'task.class': taskClass, ...(c.config.topic ? { topic: c.config.topic } : {}), ...(c.config.topics ? { topics: c.config.topics } : {}) },
    }));
  }

  async pauseConnector(name: string): Promise<void> {
    this.#setTarget(name, 'PAUSED');
  }

  async resumeConnector(name: string): Promise<void> {
    this.#setTarget(name, 'STARTED');
  }

  async stopConnector(name: string): Promise<void> {
    this.#setTarget(name, 'STOPPED');
  }

  async restartConnector(name: string, request: RestartRequest): Promise<ConnectorStateInfo | null> {
    const c = this.#get(name);
    if (!request.includeTasks && !request.onlyFailed) {
      c.failure = undefined;
      return null;
    }
    // Connect answers with the plan: what will restart shows RESTARTING, the rest as it is.
    const plan = await this.connectorStatus(name);
    if (!request.onlyFailed || plan.connector.state === 'FAILED') {
      plan.connector = { state: 'RESTARTING', worker_id: this.workerId };
      c.failure = undefined;
    }
    if (request.includeTasks) {
      plan.tasks = plan.tasks.map((t) => {
        if (request.onlyFailed && t.state !== 'FAILED') return t;
        c.taskFailures.delete(t.id);
        return { id: t.id, state: 'RESTARTING', worker_id: this.workerId };
      });
    }
    return plan;
  }

  async restartTask(name: string, task: number): Promise<void> {
    const c = this.#get(name);
    if (!this.#taskIds(c).includes(task)) throw new RuntimeError(RuntimeErrors.NOT_FOUND, `Task ${name}-${task} not found`);
    c.taskFailures.delete(task);
  }

  async connectorActiveTopics(name: string): Promise<string[]> {
    return [...this.#get(name).topics].sort();
  }

  async resetConnectorActiveTopics(name: string): Promise<void> {
    this.#get(name).topics.clear();
  }

  async connectorOffsets(name: string): Promise<ConnectorOffsets> {
    return { offsets: [...this.#get(name).offsets.values()].map((o) => structuredClone(o)) };
  }

  async alterConnectorOffsets(name: string, offsets: ConnectorOffsets): Promise<void> {
    const c = this.#stopped(name, 'altered');
    if (c.plugin.info.type === 'sink') for (const o of offsets.offsets) this.#checkSinkOffset(o);
    for (const o of offsets.offsets) {
      const key = partitionKey(o.partition);
      if (o.offset === null) c.offsets.delete(key);
      else c.offsets.set(key, structuredClone(o));
    }
  }

  async resetConnectorOffsets(name: string): Promise<void> {
    this.#stopped(name, 'reset').offsets.clear();
  }

  async connectorPlugins(options: { connectorsOnly: boolean }): Promise<PluginInfo[]> {
    const connectors = MOCK_PLUGINS.map((p) => p.info);
    return options.connectorsOnly ? connectors : [...connectors, ...OTHER_PLUGINS];
  }

  async connectorPluginConfig(plugin: string): Promise<ConfigKeyInfo[]> {
    const found = findMockPlugin(plugin);
    if (!found) throw new RuntimeError(RuntimeErrors.PLUGIN_NOT_FOUND, `Unknown plugin ${plugin}`);
    return found.keys.filter((k) => k.group !== 'Common');
  }

  async validateConnectorConfig(plugin: string, config: ConnectorConfig): Promise<ConfigInfos> {
    const found = findMockPlugin(plugin);
    if (!found) throw new RuntimeError(RuntimeErrors.BAD_REQUEST, `No connector plugin named ${plugin} is installed`);
    return this.#validate(found, { 'connector.class': found.info.class, ...config });
  }

  // Test hooks: what a real worker would see happen to a running connector or task.

  failConnector(name: string, trace = 'org.sluice.test.MockFailure: connector failed'): void {
    this.#get(name).failure = trace;
  }

  failTask(name: string, task: number, trace = 'org.sluice.test.MockFailure: task failed'): void {
    this.#get(name).taskFailures.set(task, trace);
  }

  #get(name: string): ConnectorEntry {
    const c = this.#connectors.get(name);
    if (!c) throw new RuntimeError(RuntimeErrors.NOT_FOUND, `Connector ${name} not found`);
    return c;
  }

  #pluginOf(config: ConnectorConfig): MockPlugin {
    const cls = config['connector.class'];
    if (!cls) throw new RuntimeError(RuntimeErrors.BAD_REQUEST, 'The connector config has no connector.class');
    const plugin = findMockPlugin(cls);
    if (!plugin) throw new RuntimeError(RuntimeErrors.BAD_REQUEST, `No connector plugin named ${cls} is installed`);
    return plugin;
  }

  #validate(plugin: MockPlugin, config: ConnectorConfig): ConfigInfos {
    const configs = plugin.keys.map((definition) => {
      const given = config[definition.name];
      const value = given ?? definition.default_value;
      const errors: string[] = [];
      if (definition.required && (value === null || value === '')) errors.push(`"${definition.name}" is required and has no default value`);
      if (definition.type === 'INT' && value !== null && !(/^-?\d+$/.test(value) && Number(value) >= 1)) {
        errors.push(`'${value}' is not a whole number of at least 1`);
      }
      return { definition, value: { name: definition.name, value, recommended_values: [], errors, visible: true } };
    });
    return {
      name: plugin.info.class,
      error_count: configs.reduce((n, c) => n + c.value.errors.length, 0),
      groups: [...new Set(plugin.keys.map((k) => k.group ?? ''))],
      configs,
    };
  }

  #taskIds(c: ConnectorEntry): number[] {
    // A stopped connector has no tasks at all, as in Connect.
    return c.target === 'STOPPED' ? [] : Array.from({ length: c.taskCount }, (_, i) => i);
  }

  #connectorState(c: ConnectorEntry): State {
    if (c.failure) return 'FAILED';
    return c.target === 'STARTED' ? 'RUNNING' : c.target;
  }

  #taskState(c: ConnectorEntry, id: number): ConnectorStateInfo['tasks'][number] {
    const trace = c.taskFailures.get(id);
    if (trace) return { id, state: 'FAILED', worker_id: this.workerId, trace };
    return { id, state: c.target === 'PAUSED' ? 'PAUSED' : 'RUNNING', worker_id: this.workerId };
  }

  #setTarget(name: string, target: TargetState): void {
    const c = this.#get(name);
    c.target = target;
    if (target === 'STOPPED') c.taskFailures.clear();
    this.#touchTopics(c);
  }

  #touchTopics(c: ConnectorEntry): void {
    if (c.target !== 'STARTED') return;
    const used = c.plugin.info.type === 'source' ? [c.config.topic] : (c.config.topics ?? '').split(',');
    for (const topic of used) if (topic?.trim()) c.topics.add(topic.trim());
  }

  #stopped(name: string, verb: string): ConnectorEntry {
    const c = this.#get(name);
    if (c.target !== 'STOPPED') {
      throw new RuntimeError(
        RuntimeErrors.BAD_REQUEST,
        `Connector ${name} must be in the STOPPED state before its offsets can be ${verb}; stop it first with PUT /connectors/${name}/stop`,
      );
    }
    return c;
  }

  #checkSinkOffset(o: Offset): void {
    const { kafka_topic: topic, kafka_partition: partition } = o.partition;
    if (typeof topic !== 'string' || !Number.isInteger(partition)) {
      throw new RuntimeError(RuntimeErrors.BAD_REQUEST, 'A sink connector partition needs a string kafka_topic and an integer kafka_partition');
    }
    if (o.offset !== null && !Number.isInteger(o.offset.kafka_offset)) {
      throw new RuntimeError(RuntimeErrors.BAD_REQUEST, 'A sink connector offset needs an integer kafka_offset');
    }
  }
}
