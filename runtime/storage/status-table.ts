/**
 * The statuses a store knows, with Connect's rules for applying what is read:
 * - the latest record wins, except that an UNASSIGNED task status never replaces a RUNNING one of the
 *   same or a later generation (a worker that had not yet seen the RUNNING status wrote it);
 * - a connector tombstone removes the connector's and its tasks' statuses;
 * - a "safe" write only goes out if the current status is absent, was written by the same worker, or
 *   belongs to an earlier or equal generation.
 */
import type { ConnectorTaskId } from '../herder/connect-types.ts';
import type { ConnectorStatus, TaskStatus } from './status-backing-store.ts';
import type { StatusValue, TopicStatus } from './status-records.ts';

export class StatusTable {
  readonly #connectors = new Map<string, ConnectorStatus | null>();
  readonly #tasks = new Map<string, Map<number, TaskStatus | null>>();
  readonly #topics = new Map<string, Map<string, TopicStatus>>();

  /** Registers the connector before its first status is read back, as Connect's cache does. */
  touchConnector(connector: string): void {
    if (!this.#connectors.has(connector)) this.#connectors.set(connector, null);
  }

  touchTask(id: ConnectorTaskId): void {
    const tasks = this.#taskRow(id.connector);
    if (!tasks.has(id.task)) tasks.set(id.task, null);
  }

  applyConnector(connector: string, status: StatusValue | null): void {
    if (status === null || status.state === 'DESTROYED') {
      this.#connectors.delete(connector);
      this.#tasks.delete(connector);
      return;
    }
    this.#connectors.set(connector, Object.freeze({ connector, ...status }));
  }

  applyTask(id: ConnectorTaskId, status: StatusValue | null): void {
    if (status === null || status.state === 'DESTROYED') {
      this.#tasks.get(id.connector)?.delete(id.task);
      return;
    }
    const current = this.task(id);
    if (status.state === 'UNASSIGNED' && current?.state === 'RUNNING' && current.generation >= status.generation) return;
    this.#taskRow(id.connector).set(id.task, Object.freeze({ id: { connector: id.connector, task: id.task }, ...status }));
  }

  applyTopic(connector: string, topic: string, status: TopicStatus | null): void {
    if (status === null) {
      this.#topics.get(connector)?.delete(topic);
      return;
    }
    let topics = this.#topics.get(connector);
    if (!topics) this.#topics.set(connector, (topics = new Map()));
    topics.set(topic, Object.freeze({ ...status }));
  }

  canWriteConnectorSafely(status: ConnectorStatus): boolean {
    return safe(this.connector(status.connector), status);
  }

  canWriteTaskSafely(status: TaskStatus): boolean {
    return safe(this.task(status.id), status);
  }

  connector(connector: string): ConnectorStatus | undefined {
    return this.#connectors.get(connector) ?? undefined;
  }

  task(id: ConnectorTaskId): TaskStatus | undefined {
    return this.#tasks.get(id.connector)?.get(id.task) ?? undefined;
  }

  tasks(connector: string): TaskStatus[] {
    const row = this.#tasks.get(connector);
    if (!row) return [];
    return [...row.values()].filter((s): s is TaskStatus => s !== null).sort((a, b) => a.id.task - b.id.task);
  }

  topic(connector: string, topic: string): TopicStatus | undefined {
    return this.#topics.get(connector)?.get(topic);
  }

  topics(connector: string): TopicStatus[] {
    return [...(this.#topics.get(connector)?.values() ?? [])];
  }

  connectors(): string[] {
    return [...this.#connectors.keys()];
  }

  #taskRow(connector: string): Map<number, TaskStatus | null> {
    let row = this.#tasks.get(connector);
    if (!row) this.#tasks.set(connector, (row = new Map()));
    return row;
  }
}

function safe(current: StatusValue | undefined, next: StatusValue): boolean {
  return current === undefined || current.workerId === next.workerId || current.generation <= next.generation;
}
