/**
 * The Worker (Connect's name): runs the connectors and tasks the herder assigns to this process. It
 * decides nothing about placement or configs; it starts, stops and transitions what it is told to and
 * reports states through the listener given with each connector and task. The work itself lives in
 * WorkerConnector, WorkerSourceTask and WorkerSinkTask.
 */
import { pino, type Logger } from 'pino';
import { SinkTask, SourceTask, type Task, type TaskClass } from '../../connectors/sdk/index.ts';
import type { ConverterRegistry } from '../converters/index.ts';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import type { ConnectorConfig, ConnectorTaskId, TargetState } from '../herder/connect-types.ts';
import type { ConnectorPlugins } from './connector-plugins.ts';
import { failureTrace } from './failure-trace.ts';
import type { StatusListener } from './status-listener.ts';
import type { TaskClients } from './task-clients.ts';
import type { SourceOffsetStore, TaskEnvironment } from './task-environment.ts';
import { workerConfig, type WorkerConfig } from './worker-config.ts';
import { WorkerConnector, type ConnectorHooks } from './worker-connector.ts';
import { WorkerSinkTask } from './worker-sink-task.ts';
import { WorkerSourceTask } from './worker-source-task.ts';
import type { WorkerTask } from './worker-task.ts';
import { within } from './wakeup.ts';

export interface WorkerOptions {
  /** This worker's id ("host:port"), for logs. */
  readonly workerId: string;
  /** The worker props (strings, as in the worker config file). */
  readonly props: Readonly<Record<string, string>>;
  readonly plugins: ConnectorPlugins;
  readonly converters: ConverterRegistry;
  readonly clients: TaskClients;
  readonly offsetStore: SourceOffsetStore;
  readonly logger?: Logger;
}

export class Worker {
  readonly workerId: string;
  readonly config: WorkerConfig;
  readonly #plugins: ConnectorPlugins;
  readonly #environment: TaskEnvironment;
  readonly #logger: Logger;
  readonly #connectors = new Map<string, WorkerConnector>();
  readonly #tasks = new Map<string, WorkerTask>();

  /** Throws a ConfigException when a worker setting is invalid. */
  constructor(options: WorkerOptions) {
    this.workerId = options.workerId;
    this.config = workerConfig(options.props);
    this.#plugins = options.plugins;
    this.#logger = options.logger ?? pino({ level: 'silent' });
    this.#environment = { worker: this.config, converters: options.converters, clients: options.clients, offsetStore: options.offsetStore };
  }

  /** Connectors running (in any state) on this worker. */
  connectorNames(): string[] {
    return [...this.#connectors.keys()];
  }

  /** Tasks running (in any state) on this worker. */
  taskIds(): ConnectorTaskId[] {
    return [...this.#tasks.values()].map((task) => task.id);
  }

  isConnectorRunning(name: string): boolean {
    return this.#connectors.has(name);
  }

  /**
   * Creates the connector and brings it to `targetState`; resolves false if it failed (FAILED has been
   * reported). CONFLICT if a connector of that name already runs here.
   */
  async startConnector(name: string, config: ConnectorConfig, targetState: TargetState, onStatus: StatusListener, hooks: ConnectorHooks = {}): Promise<boolean> {
    if (this.#connectors.has(name)) throw new RuntimeError(RuntimeErrors.CONFLICT, `Connector ${name} is already running on worker ${this.workerId}`);
    const logger = this.#logger.child({ connector: name });
    let connector;
    try {
      connector = new (this.#plugins.connectorClass(requiredClass(config)))();
    } catch (error) {
      logger.error({ err: error }, `Could not create connector ${name}`);
      report(onStatus, 'FAILED', failureTrace(error));
      return false;
    }
    const worker = new WorkerConnector({ name, config: Object.freeze({ ...config }), connector, onStatus, hooks, offsetStore: this.#environment.offsetStore, logger });
    this.#connectors.set(name, worker);
    logger.info({ targetState }, `Starting connector ${name}`);
    return worker.start(targetState);
  }

  /** Stops the connector (not its tasks: the herder stops those); waits at most the graceful timeout. */
  async stopConnector(name: string): Promise<void> {
    const connector = this.#connectors.get(name);
    if (!connector) return;
    this.#connectors.delete(name);
    const timeout = this.config.settings['task.shutdown.graceful.timeout.ms'];
    if ((await within(connector.shutdown().then(() => true), timeout, false)) === false) {
      this.#logger.error({ connector: name }, `Connector ${name} did not stop within ${timeout} ms; abandoned`);
    }
  }

  /** The connector's task configs (at most maxTasks). NOT_FOUND if it does not run here; throws if it is not started. */
  async connectorTaskConfigs(name: string, maxTasks: number): Promise<ConnectorConfig[]> {
    const connector = this.#connectors.get(name);
    if (!connector) throw new RuntimeError(RuntimeErrors.NOT_FOUND, `Connector ${name} is not running on worker ${this.workerId}`);
    return connector.taskConfigs(maxTasks);
  }

  /** Moves the connector and every task of it on this worker to `state`. */
  async setTargetState(name: string, state: TargetState): Promise<void> {
    for (const task of this.#tasks.values()) if (task.id.connector === name) task.transitionTo(state);
    await this.#connectors.get(name)?.transitionTo(state);
  }

  /**
   * Starts a task; resolves true once it is RUNNING (or PAUSED), false if it failed first (FAILED has
   * been reported). CONFLICT if that task already runs here.
   */
  async startTask(id: ConnectorTaskId, connectorConfig: ConnectorConfig, taskConfig: ConnectorConfig, targetState: TargetState, onStatus: StatusListener): Promise<boolean> {
    const key = taskKey(id);
    if (this.#tasks.has(key)) throw new RuntimeError(RuntimeErrors.CONFLICT, `Task ${key} is already running on worker ${this.workerId}`);
    const logger = this.#logger.child({ connector: id.connector, task: id.task });
    let task: WorkerTask;
    try {
      task = this.#createTask(id, connectorConfig, taskConfig, targetState, onStatus, logger);
    } catch (error) {
      logger.error({ err: error }, `Could not create task ${key}`);
      report(onStatus, 'FAILED', failureTrace(error));
      return false;
    }
    this.#tasks.set(key, task);
    logger.info({ targetState }, `Starting task ${key}`);
    return task.start();
  }

  /**
   * Stops a task: its final offset commit included, it gets `timeoutMs` (task.shutdown.graceful.timeout.ms)
   * and is then abandoned (no more statuses or commits from it). Resolves true if it stopped in time.
   */
  async stopTask(id: ConnectorTaskId, timeoutMs = this.config.settings['task.shutdown.graceful.timeout.ms']): Promise<boolean> {
    const key = taskKey(id);
    const task = this.#tasks.get(key);
    if (!task) return true;
    task.stop();
    const stopped = await within(task.done.then(() => true), timeoutMs, false);
    this.#tasks.delete(key);
    if (!stopped) {
      task.cancel();
      this.#logger.error({ connector: id.connector, task: id.task }, `Task ${key} did not stop within ${timeoutMs} ms; abandoned`);
    }
    return stopped;
  }

  /** Stops every task (in parallel), then every connector. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.#tasks.values()].map((task) => this.stopTask(task.id)));
    await Promise.all([...this.#connectors.keys()].map((name) => this.stopConnector(name)));
  }

  #createTask(id: ConnectorTaskId, connectorConfig: ConnectorConfig, taskConfig: ConnectorConfig, targetState: TargetState, onStatus: StatusListener, logger: Logger): WorkerTask {
    const taskClass = new (this.#plugins.connectorClass(requiredClass(connectorConfig)))().taskClass() as TaskClass<Task>;
    const options = { id, targetState, onStatus, logger, connectorConfig: Object.freeze({ ...connectorConfig }), taskConfig: Object.freeze({ ...taskConfig }), environment: this.#environment };
    if (taskClass.prototype instanceof SourceTask) return new WorkerSourceTask({ ...options, taskClass: taskClass as TaskClass<SourceTask> });
    if (taskClass.prototype instanceof SinkTask) return new WorkerSinkTask({ ...options, taskClass: taskClass as TaskClass<SinkTask> });
    throw new RuntimeError(RuntimeErrors.INVALID_CONFIG, `Task class ${taskClass.name} of ${connectorConfig['connector.class']} is neither a SourceTask nor a SinkTask`);
  }
}

function taskKey(id: ConnectorTaskId): string {
  return `${id.connector}-${id.task}`;
}

function requiredClass(config: ConnectorConfig): string {
  const name = config['connector.class']?.trim();
  if (!name) throw new RuntimeError(RuntimeErrors.INVALID_CONFIG, 'The connector config has no connector.class');
  return name;
}

function report(onStatus: StatusListener, state: 'FAILED', trace: string): void {
  try {
    onStatus(state, trace);
  } catch {
    // The herder's listener is its own business; the worker only reports.
  }
}
