/**
 * The config topic's state machine, fed one record at a time in log order; the Kafka and memory config
 * stores differ only in where the records come from. Semantics are Connect's (KafkaConfigBackingStore):
 * - Connector configs apply at once; a null connector record deletes the connector, its task configs,
 *   task count and pending task records (its target state goes with its own tombstone).
 * - Task records are held back per connector until a commit-<c> record. A commit of N applies them
 *   only if task ids 0..N-1 are all among them (extras are tolerated: compaction leaves stale task
 *   records behind); otherwise the connector becomes inconsistent until a later complete commit. Held
 *   records are dropped at every commit, complete or not.
 * - A commit for a connector with no config (deleted, and compaction removed the evidence) is ignored
 *   and clears whatever is left of the connector.
 * - A connector config without a target state gets STARTED (configs from before target states).
 */
import type { ConnectorConfig, ConnectorTaskId, RestartRequest, TargetState } from '../herder/connect-types.ts';
import { ClusterConfigState } from './cluster-config-state.ts';
import type { ConfigRecord } from './config-records.ts';

/** What changed, for the herder to act on (Connect's ConfigBackingStore.UpdateListener). */
export type ConfigUpdate =
  | { readonly type: 'connector-config-updated'; readonly connector: string }
  | { readonly type: 'connector-config-removed'; readonly connector: string }
  /** `tasks` lists the task configs applied; empty when the commit was incomplete. */
  | { readonly type: 'task-configs-committed'; readonly connector: string; readonly tasks: readonly ConnectorTaskId[] }
  | { readonly type: 'target-state-changed'; readonly connector: string; readonly state: TargetState }
  | { readonly type: 'restart-requested'; readonly connector: string; readonly request: RestartRequest };

export class ConfigTopicState {
  #offset = -1;
  readonly #connectorConfigs = new Map<string, ConnectorConfig>();
  readonly #taskCounts = new Map<string, number>();
  readonly #targetStates = new Map<string, TargetState>();
  readonly #taskConfigs = new Map<string, Map<number, ConnectorConfig>>();
  readonly #pendingTasks = new Map<string, Map<number, ConnectorConfig>>();
  readonly #inconsistent = new Set<string>();

  /** Applies the record found at `offset`; returns the updates a listener should hear about. */
  apply(record: ConfigRecord, offset: number): ConfigUpdate[] {
    this.#offset = offset + 1;
    switch (record.type) {
      case 'connector-config':
        return this.#connectorConfig(record.connector, record.config);
      case 'task-config':
        this.#pending(record.task.connector).set(record.task.task, record.config);
        return [];
      case 'task-commit':
        return this.#commit(record.connector, record.taskCount);
      case 'target-state':
        return this.#targetState(record.connector, record.state);
      case 'restart-request':
        return [{ type: 'restart-requested', connector: record.connector, request: record.request }];
      case 'ignored':
      case 'invalid':
        return [];
    }
  }

  snapshot(): ClusterConfigState {
    const taskConfigs = new Map<string, ReadonlyMap<number, ConnectorConfig>>();
    for (const [connector, tasks] of this.#taskConfigs) taskConfigs.set(connector, new Map(tasks));
    return new ClusterConfigState({
      offset: this.#offset,
      connectorConfigs: new Map(this.#connectorConfigs),
      taskCounts: new Map(this.#taskCounts),
      targetStates: new Map(this.#targetStates),
      taskConfigs,
      inconsistent: new Set(this.#inconsistent),
    });
  }

  contains(connector: string): boolean {
    return this.#connectorConfigs.has(connector);
  }

  #connectorConfig(connector: string, config: ConnectorConfig | null): ConfigUpdate[] {
    if (config === null) {
      this.#removeConnector(connector);
      return [{ type: 'connector-config-removed', connector }];
    }
    this.#connectorConfigs.set(connector, Object.freeze({ ...config }));
    if (!this.#targetStates.has(connector)) this.#targetStates.set(connector, 'STARTED');
    return [{ type: 'connector-config-updated', connector }];
  }

  #commit(connector: string, taskCount: number | null): ConfigUpdate[] {
    if (!this.#connectorConfigs.has(connector)) {
      this.#removeConnector(connector);
      return [];
    }
    if (taskCount === null) return [];
    const pending = this.#pendingTasks.get(connector);
    const applied: ConnectorTaskId[] = [];
    if (this.#complete(pending, taskCount)) {
      if (pending) {
        let tasks = this.#taskConfigs.get(connector);
        if (!tasks) this.#taskConfigs.set(connector, (tasks = new Map()));
        for (const [task, config] of [...pending].sort(([a], [b]) => a - b)) {
          tasks.set(task, Object.freeze({ ...config }));
          applied.push({ connector, task });
        }
      }
      this.#inconsistent.delete(connector);
    } else {
      this.#inconsistent.add(connector);
    }
    pending?.clear();
    this.#taskCounts.set(connector, taskCount);
    return [{ type: 'task-configs-committed', connector, tasks: applied }];
  }

  #complete(pending: Map<number, ConnectorConfig> | undefined, taskCount: number): boolean {
    for (let task = 0; task < taskCount; task++) if (!pending?.has(task)) return false;
    return true;
  }

  #targetState(connector: string, state: TargetState | null): ConfigUpdate[] {
    if (state === null) {
      this.#targetStates.delete(connector);
      // A connector must always have a target state while its config exists.
      if (this.#connectorConfigs.has(connector)) this.#targetStates.set(connector, 'STARTED');
      return [];
    }
    const previous = this.#targetStates.get(connector);
    this.#targetStates.set(connector, state);
    // No news for a connector whose config is not there yet (initial_state is written before it).
    return previous !== state && this.#connectorConfigs.has(connector) ? [{ type: 'target-state-changed', connector, state }] : [];
  }

  #pending(connector: string): Map<number, ConnectorConfig> {
    let pending = this.#pendingTasks.get(connector);
    if (!pending) this.#pendingTasks.set(connector, (pending = new Map()));
    return pending;
  }

  #removeConnector(connector: string): void {
    this.#connectorConfigs.delete(connector);
    this.#taskCounts.delete(connector);
    this.#taskConfigs.delete(connector);
    this.#pendingTasks.delete(connector);
  }
}
