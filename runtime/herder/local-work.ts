/**
 * The connectors and tasks this worker runs, kept in line with what it owns (all of it in standalone
 * mode, its assignment in distributed mode) and with the config snapshot. Both herders use it.
 *
 * Design: reconcile() compares what should run (owned and configured, with the snapshot's configs and
 * target states) with what the Worker runs, and stops, restarts, transitions and starts accordingly:
 * - a connector restarts when its config changed; a task when its task config or its connector's
 *   config changed; what is no longer owned or configured stops (tasks first, in parallel);
 * - target-state changes go to the Worker for every connector with a local instance or local tasks;
 * - a connector or task that failed is left alone until it is restarted explicitly (restart()).
 * Operations are serialized on one queue. Statuses the Worker reports are written to the status store
 * with this worker's id and the current generation (UNASSIGNED "safely", so that a worker that lost
 * some work never overwrites its new owner's status); statuses of deleted connectors and tasks are not
 * written, and their entries are destroyed once they have stopped here.
 */
import type { Logger } from 'pino';
import { NO_WORK, taskKey, work, type ConnectorsAndTasks } from '../distributed/connectors-and-tasks.ts';
import type { ClusterConfigState, StatusBackingStore, StatusState } from '../storage/index.ts';
import type { Worker } from '../worker/index.ts';
import type { ConnectorTaskId, RestartRequest, State, TargetState } from './connect-types.ts';
import { restartsState } from './status-view.ts';
import { configText } from './task-configs.ts';

export interface LocalWorkOptions {
  readonly worker: Worker;
  readonly statuses: StatusBackingStore;
  readonly workerId: () => string;
  readonly generation: () => number;
  readonly snapshot: () => ClusterConfigState;
  /** A local connector called context.requestTaskReconfiguration(). */
  readonly onTaskReconfigurationRequest: (connector: string) => void;
  readonly logger: Logger;
}

interface RunningTask {
  readonly id: ConnectorTaskId;
  readonly configText: string;
}

export class LocalWork {
  readonly #options: LocalWorkOptions;
  readonly #logger: Logger;
  #owned: ConnectorsAndTasks = NO_WORK;
  /** Connectors started here, with the config text they were started with. */
  readonly #connectors = new Map<string, string>();
  readonly #tasks = new Map<string, RunningTask>();
  /** The target state the Worker last got, per connector with something local. */
  readonly #targets = new Map<string, TargetState>();
  /** Last state each local connector ("c:<name>") and task reported. */
  readonly #states = new Map<string, State>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: LocalWorkOptions) {
    this.#options = options;
    this.#logger = options.logger;
  }

  /** What this worker owns (its metadata's assignment, in distributed mode). */
  get owned(): ConnectorsAndTasks {
    return this.#owned;
  }

  setOwned(owned: ConnectorsAndTasks): void {
    this.#owned = owned;
  }

  runsConnector(name: string): boolean {
    return this.#connectors.has(name);
  }

  runsTask(id: ConnectorTaskId): boolean {
    return this.#tasks.has(taskKey(id));
  }

  /**
   * Brings the Worker in line; resolves with the connectors whose task configs should be (re)generated.
   * `afterStops` runs once what must stop has stopped, before anything starts (a member rejoins there
   * after a revocation, so that the work is never handed on while it still runs here).
   */
  reconcile(afterStops?: () => void): Promise<string[]> {
    return this.#serial(() => this.#reconcile(afterStops));
  }

  /** A restart request (config topic) as it concerns this worker: restarts matching local work. */
  restart(connector: string, request: RestartRequest): Promise<string[]> {
    return this.#serial(async () => {
      const tasks = request.includeTasks ? [...this.#tasks.values()].filter((t) => t.id.connector === connector && restartsState(request, this.#states.get(taskKey(t.id)))) : [];
      const restartConnector = this.#connectors.has(connector) && restartsState(request, this.#states.get(connectorKey(connector)));
      this.#logger.info({ connector, tasks: tasks.map((t) => t.id.task), restartConnector }, 'restarting');
      for (const t of tasks) this.#writeTask(t.id, 'RESTARTING', null);
      if (restartConnector) this.#writeConnector(connector, 'RESTARTING', null);
      await Promise.all(tasks.map((t) => this.#stopTask(t.id)));
      if (restartConnector) await this.#stopConnector(connector);
      return this.#reconcile();
    });
  }

  /** Restarts a task if it runs here; false otherwise. */
  restartTask(id: ConnectorTaskId): Promise<boolean> {
    return this.#serial(async () => {
      if (!this.#tasks.has(taskKey(id))) return false;
      this.#writeTask(id, 'RESTARTING', null);
      await this.#stopTask(id);
      await this.#reconcile();
      return true;
    });
  }

  /**
   * Stops everything (worker shutdown, or lost group membership). The work counts as owned until it
   * has stopped, so that a rebalance meanwhile does not hand it on while it still runs here.
   */
  stopAll(): Promise<void> {
    return this.#serial(async () => {
      await Promise.all([...this.#tasks.values()].map((t) => this.#stopTask(t.id)));
      await Promise.all([...this.#connectors.keys()].map((c) => this.#stopConnector(c)));
      this.#targets.clear();
      this.#owned = NO_WORK;
    });
  }

  async #reconcile(afterStops?: () => void): Promise<string[]> {
    const { worker } = this.#options;
    const snapshot = this.#options.snapshot();
    const configured = (id: ConnectorTaskId) => snapshot.contains(id.connector) && id.task < snapshot.tasks(id.connector).length;
    this.#owned = work(
      this.#owned.connectors.filter((c) => snapshot.contains(c)),
      this.#owned.tasks.filter(configured),
    );
    const ownedConnectors = new Set(this.#owned.connectors);
    const ownedTasks = new Map(this.#owned.tasks.map((t) => [taskKey(t), t]));

    // Stop what should not run as it does.
    const staleTasks = [...this.#tasks.values()].filter((t) => !ownedTasks.has(taskKey(t.id)) || t.configText !== taskText(snapshot, t.id));
    const staleConnectors = [...this.#connectors].filter(([name, text]) => !ownedConnectors.has(name) || text !== configText(snapshot.connectorConfig(name))).map(([name]) => name);
    await Promise.all(staleTasks.map((t) => this.#stopTask(t.id)));
    await Promise.all(staleConnectors.map((c) => this.#stopConnector(c)));
    for (const t of staleTasks) if (!configured(t.id)) this.#writeTask(t.id, 'DESTROYED', null);
    for (const c of staleConnectors) if (!snapshot.contains(c)) this.#writeConnector(c, 'DESTROYED', null);
    afterStops?.();

    const reconfigure: string[] = [];
    // Target states of connectors already here (instance or tasks).
    for (const [connector, applied] of this.#targets) {
      if (!snapshot.contains(connector) || (!this.#connectors.has(connector) && ![...this.#tasks.values()].some((t) => t.id.connector === connector))) {
        this.#targets.delete(connector);
        continue;
      }
      const target = snapshot.targetState(connector) ?? 'STARTED';
      if (target === applied) continue;
      this.#logger.info({ connector, target }, 'changing target state');
      await worker.setTargetState(connector, target);
      this.#targets.set(connector, target);
      if (this.#connectors.has(connector) && needsTaskConfigs(snapshot, connector)) reconfigure.push(connector);
    }

    // Start what is owned and not running.
    for (const name of ownedConnectors) {
      if (this.#connectors.has(name)) continue;
      const config = snapshot.connectorConfig(name)!;
      const target = snapshot.targetState(name) ?? 'STARTED';
      this.#connectors.set(name, configText(config));
      this.#targets.set(name, target);
      const started = await worker.startConnector(name, config, target, this.#connectorListener(name), {
        requestTaskReconfiguration: () => this.#options.onTaskReconfigurationRequest(name),
      });
      if (started && needsTaskConfigs(snapshot, name)) reconfigure.push(name);
    }
    const toStart = [...ownedTasks.values()].filter((id) => !this.#tasks.has(taskKey(id)));
    await Promise.all(
      toStart.map(async (id) => {
        const target = snapshot.targetState(id.connector) ?? 'STARTED';
        this.#targets.set(id.connector, target);
        this.#tasks.set(taskKey(id), { id, configText: taskText(snapshot, id) });
        await worker.startTask(id, snapshot.connectorConfig(id.connector)!, snapshot.taskConfig(id) ?? {}, target, this.#taskListener(id));
      }),
    );
    return reconfigure;
  }

  async #stopTask(id: ConnectorTaskId): Promise<void> {
    this.#tasks.delete(taskKey(id));
    await this.#options.worker.stopTask(id);
  }

  async #stopConnector(name: string): Promise<void> {
    this.#connectors.delete(name);
    await this.#options.worker.stopConnector(name);
  }

  #connectorListener(name: string) {
    return (state: State, trace?: string) => {
      this.#states.set(connectorKey(name), state);
      if (this.#options.snapshot().contains(name)) this.#writeConnector(name, state, trace ?? null);
    };
  }

  #taskListener(id: ConnectorTaskId) {
    return (state: State, trace?: string) => {
      this.#states.set(taskKey(id), state);
      const snapshot = this.#options.snapshot();
      if (snapshot.contains(id.connector) && id.task < snapshot.taskCount(id.connector)) this.#writeTask(id, state, trace ?? null);
    };
  }

  #writeConnector(connector: string, state: StatusState, trace: string | null): void {
    const status = { connector, state, trace, workerId: this.#options.workerId(), generation: this.#options.generation() };
    const { statuses } = this.#options;
    const write = state === 'UNASSIGNED' ? statuses.putConnectorSafe(status) : statuses.putConnector(status);
    write.catch((error: unknown) => this.#logger.warn({ err: error, connector, state }, 'could not write a connector status'));
  }

  #writeTask(id: ConnectorTaskId, state: StatusState, trace: string | null): void {
    const status = { id, state, trace, workerId: this.#options.workerId(), generation: this.#options.generation() };
    const { statuses } = this.#options;
    const write = state === 'UNASSIGNED' ? statuses.putTaskSafe(status) : statuses.putTask(status);
    write.catch((error: unknown) => this.#logger.warn({ err: error, connector: id.connector, task: id.task, state }, 'could not write a task status'));
  }

  #serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(job);
    this.#queue = next.catch(() => {});
    return next;
  }
}

/** A started connector generates task configs; a paused one only when it has none yet (task-configs.ts). */
function needsTaskConfigs(snapshot: ClusterConfigState, connector: string): boolean {
  const target = snapshot.targetState(connector) ?? 'STARTED';
  return target === 'STARTED' || (target === 'PAUSED' && snapshot.taskCount(connector) === 0);
}

function taskText(snapshot: ClusterConfigState, id: ConnectorTaskId): string {
  return `${configText(snapshot.connectorConfig(id.connector))}\n${configText(snapshot.taskConfig(id))}`;
}

function connectorKey(name: string): string {
  return `c:${name}`;
}
