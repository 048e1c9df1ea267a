/**
 * One connector instance on this worker (Connect's WorkerConnector): its lifecycle through target states,
 * its context, and its task configs.
 *
 * - STARTED: start(config) → RUNNING. PAUSED / STOPPED: a started connector is stopped → PAUSED / STOPPED;
 *   resuming starts the same instance again. Lifecycle calls are serialized.
 * - Any error from start/stop, or context.raiseError(), → FAILED with the trace; a failed connector
 *   ignores target states until the herder restarts it (shutdown, then a new WorkerConnector).
 * - shutdown(): stops it if started → UNASSIGNED (nothing more after FAILED).
 * - Before the first start a sink connector's topics/topics.regex and every connector's errors.* config
 *   are checked (Connect's SinkConnectorConfig.validate): a bad value fails the connector.
 */
import type { Logger } from 'pino';
import {
  ConnectException, SinkConnector, SourceConnector, type Connector, type ConnectorContext, type Props,
} from '../../connectors/sdk/index.ts';
import type { State, TargetState } from '../herder/connect-types.ts';
import { errorHandlingConfig } from './error-handling/error-handling-config.ts';
import { failureTrace } from './failure-trace.ts';
import { offsetReader } from './offset-reader.ts';
import { sinkSubscription } from './sink-topics.ts';
import type { StatusListener } from './status-listener.ts';
import type { SourceOffsetStore } from './task-environment.ts';

/** What the herder wants to hear from a running connector besides its state. */
export interface ConnectorHooks {
  /** The connector called context.requestTaskReconfiguration(): compute and store new task configs. */
  requestTaskReconfiguration?(): void;
}

export interface WorkerConnectorOptions {
  readonly name: string;
  readonly config: Readonly<Record<string, string>>;
  readonly connector: Connector<ConnectorContext>;
  readonly onStatus: StatusListener;
  readonly hooks: ConnectorHooks;
  readonly offsetStore: SourceOffsetStore;
  readonly logger: Logger;
}

export class WorkerConnector {
  readonly name: string;
  readonly #options: WorkerConnectorOptions;
  #queue: Promise<unknown> = Promise.resolve();
  #initialized = false;
  #started = false;
  #failed = false;
  #shutdown = false;

  constructor(options: WorkerConnectorOptions) {
    this.name = options.name;
    this.#options = options;
  }

  get type(): 'source' | 'sink' {
    return this.#options.connector instanceof SinkConnector ? 'sink' : 'source';
  }

  get isFailed(): boolean {
    return this.#failed;
  }

  get isStarted(): boolean {
    return this.#started;
  }

  /** Initializes the connector and brings it to the target state; false if it failed. */
  start(targetState: TargetState): Promise<boolean> {
    return this.#serial(async () => {
      try {
        this.#initialize();
      } catch (error) {
        this.#fail(error);
        return false;
      }
      await this.#transition(targetState);
      return !this.#failed;
    });
  }

  transitionTo(state: TargetState): Promise<void> {
    return this.#serial(() => this.#transition(state));
  }

  /** Up to maxTasks task configs, with Connect's additions (task.class; a sink's topics). */
  taskConfigs(maxTasks: number): Promise<Record<string, string>[]> {
    return this.#serial(async () => {
      if (!this.#started) throw new ConnectException(`Connector ${this.name} is not running (it is ${this.#failed ? 'failed' : 'paused or stopped'}); it has no task configs now`);
      const connector = this.#options.connector;
      const configs = await connector.taskConfigs(maxTasks);
      if (!Array.isArray(configs)) throw new ConnectException(`Connector ${this.name}: taskConfigs() must return an array of configs`);
      if (configs.length > maxTasks) {
        const error = new ConnectException(`Connector ${this.name} returned ${configs.length} task configs but tasks.max is ${maxTasks}; reduce its tasks or raise tasks.max`);
        await this.#failAndStop(error);
        throw error;
      }
      const additions: Record<string, string> = { 'task.class': connector.taskClass().name };
      if (this.type === 'sink') {
        for (const key of [SinkConnector.TOPICS_CONFIG, SinkConnector.TOPICS_REGEX_CONFIG]) {
          if (this.#options.config[key] !== undefined) additions[key] = this.#options.config[key];
        }
      }
      return configs.map((config) => ({ ...stringProps(config), ...additions }));
    });
  }

  /** Stops the connector for good (rebalance, delete, restart, worker shutdown). */
  shutdown(): Promise<void> {
    return this.#serial(async () => {
      if (this.#shutdown) return;
      this.#shutdown = true;
      if (this.#started) {
        this.#started = false;
        try {
          await this.#options.connector.stop();
        } catch (error) {
          this.#fail(error);
        }
      }
      if (!this.#failed) this.#report('UNASSIGNED');
    });
  }

  #initialize(): void {
    if (this.#initialized) return;
    const { connector, config, name, offsetStore } = this.#options;
    if (!(connector instanceof SourceConnector) && !(connector instanceof SinkConnector)) {
      throw new ConnectException(`${connector.constructor.name} is neither a SourceConnector nor a SinkConnector`);
    }
    errorHandlingConfig(config);
    if (connector instanceof SinkConnector) sinkSubscription(config);
    const context = this.#context();
    if (connector instanceof SourceConnector) connector.initialize({ ...context, offsetStorageReader: offsetReader(offsetStore, name) });
    else connector.initialize(context);
    this.#initialized = true;
  }

  async #transition(state: TargetState): Promise<void> {
    if (this.#failed || this.#shutdown) {
      if (this.#failed) this.#options.logger.warn({ state }, `Connector ${this.name} has failed; ignoring target state ${state} until it is restarted`);
      return;
    }
    try {
      if (state === 'STARTED') {
        if (!this.#started) {
          await this.#options.connector.start(this.#options.config as Props);
          this.#started = true;
        }
      } else if (this.#started) {
        this.#started = false;
        await this.#options.connector.stop();
      }
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.#report(stateOf(state));
  }

  #context(): ConnectorContext {
    return {
      requestTaskReconfiguration: () => {
        if (!this.#started || this.#failed || this.#shutdown) {
          this.#options.logger.debug(`Connector ${this.name} asked for a task reconfiguration while not running; ignored`);
          return;
        }
        this.#options.hooks.requestTaskReconfiguration?.();
      },
      raiseError: (error: Error) => {
        void this.#serial(() => this.#failAndStop(error));
      },
    };
  }

  async #failAndStop(error: unknown): Promise<void> {
    if (this.#failed || this.#shutdown) return;
    this.#fail(error);
    if (this.#started) {
      this.#started = false;
      await Promise.resolve(this.#options.connector.stop()).catch((stopError: unknown) => this.#options.logger.warn({ err: stopError }, `Stopping failed connector ${this.name} threw`));
    }
  }

  #fail(error: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#options.logger.error({ err: error }, `Connector ${this.name} failed; it will not recover until restarted`);
    this.#report('FAILED', failureTrace(error));
  }

  #report(state: State, trace?: string): void {
    try {
      this.#options.onStatus(state, trace);
    } catch (error) {
      this.#options.logger.warn({ err: error, state }, 'The status listener threw');
    }
  }

  #serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(job);
    this.#queue = next.catch(() => {});
    return next;
  }
}

function stateOf(target: TargetState): State {
  return target === 'STARTED' ? 'RUNNING' : target === 'PAUSED' ? 'PAUSED' : 'STOPPED';
}

function stringProps(config: unknown): Record<string, string> {
  if (typeof config !== 'object' || config === null) throw new ConnectException('A task config must be an object of string values');
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)]));
}
