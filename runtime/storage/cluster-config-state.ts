/**
 * An immutable snapshot of the config topic as far as it has been read (Connect's ClusterConfigState):
 * connector configs, committed task configs and counts, target states, and the connectors whose task
 * configs are inconsistent (a commit whose task records were lost to compaction or a failed write).
 * The herder plans assignments from one snapshot at a time while the store keeps reading.
 */
import type { ConnectorConfig, ConnectorTaskId, TargetState } from '../herder/connect-types.ts';

export interface ClusterConfigStateInit {
  /** Offset after the last record read (what a leader advertises to the group); -1 before any. */
  readonly offset: number;
  readonly connectorConfigs: ReadonlyMap<string, ConnectorConfig>;
  readonly taskCounts: ReadonlyMap<string, number>;
  readonly targetStates: ReadonlyMap<string, TargetState>;
  readonly taskConfigs: ReadonlyMap<string, ReadonlyMap<number, ConnectorConfig>>;
  readonly inconsistent: ReadonlySet<string>;
}

export class ClusterConfigState {
  static readonly EMPTY = new ClusterConfigState({ offset: -1, connectorConfigs: new Map(), taskCounts: new Map(), targetStates: new Map(), taskConfigs: new Map(), inconsistent: new Set() });

  readonly offset: number;
  readonly #init: ClusterConfigStateInit;

  constructor(init: ClusterConfigStateInit) {
    this.offset = init.offset;
    this.#init = init;
    Object.freeze(this);
  }

  connectors(): string[] {
    return [...this.#init.connectorConfigs.keys()];
  }

  contains(connector: string): boolean {
    return this.#init.connectorConfigs.has(connector);
  }

  connectorConfig(connector: string): ConnectorConfig | undefined {
    return this.#init.connectorConfigs.get(connector);
  }

  /**
   * The desired state. A connector without a target-state record is STARTED; a target state may also
   * exist before its connector's config (written first when a connector is created with initial_state).
   */
  targetState(connector: string): TargetState | undefined {
    return this.#init.targetStates.get(connector);
  }

  /** The task count of the last commit, whether or not its task configs were complete. */
  taskCount(connector: string): number {
    return this.#init.taskCounts.get(connector) ?? 0;
  }

  /** The connector's task ids 0..N-1 of its last complete commit; none while it is inconsistent. */
  tasks(connector: string): ConnectorTaskId[] {
    if (this.#init.inconsistent.has(connector)) return [];
    const count = this.#init.taskCounts.get(connector) ?? 0;
    return Array.from({ length: count }, (_, task) => ({ connector, task }));
  }

  taskConfig(task: ConnectorTaskId): ConnectorConfig | undefined {
    return this.#init.taskConfigs.get(task.connector)?.get(task.task);
  }

  /** The configs of tasks(connector), in task order. */
  taskConfigs(connector: string): ConnectorConfig[] {
    return this.tasks(connector).map((t) => this.taskConfig(t) ?? {});
  }

  inconsistentConnectors(): string[] {
    return [...this.#init.inconsistent];
  }

  isInconsistent(connector: string): boolean {
    return this.#init.inconsistent.has(connector);
  }
}
