/**
 * A set of connectors and tasks: what a worker runs, what the leader assigns or revokes. Plain sorted
 * arrays, so assignments compare, encode and print deterministically; the helpers build new values.
 */
import type { ConnectorTaskId } from '../herder/connect-types.ts';

export interface ConnectorsAndTasks {
  readonly connectors: readonly string[];
  readonly tasks: readonly ConnectorTaskId[];
}

export const NO_WORK: ConnectorsAndTasks = Object.freeze({ connectors: Object.freeze([]), tasks: Object.freeze([]) });

/** A task's identity as a map key. */
export function taskKey(task: ConnectorTaskId): string {
  return `${task.task}@${task.connector}`;
}

export function compareTasks(a: ConnectorTaskId, b: ConnectorTaskId): number {
  return a.connector < b.connector ? -1 : a.connector > b.connector ? 1 : a.task - b.task;
}

export function work(connectors: Iterable<string>, tasks: Iterable<ConnectorTaskId>): ConnectorsAndTasks {
  const byKey = new Map<string, ConnectorTaskId>();
  for (const task of tasks) byKey.set(taskKey(task), { connector: task.connector, task: task.task });
  return { connectors: [...new Set(connectors)].sort(), tasks: [...byKey.values()].sort(compareTasks) };
}

export function isEmpty(set: ConnectorsAndTasks): boolean {
  return set.connectors.length === 0 && set.tasks.length === 0;
}

export function union(...sets: readonly ConnectorsAndTasks[]): ConnectorsAndTasks {
  return work(sets.flatMap((s) => s.connectors), sets.flatMap((s) => s.tasks));
}

/** What is in `base` and in none of `others`. */
export function minus(base: ConnectorsAndTasks, ...others: readonly ConnectorsAndTasks[]): ConnectorsAndTasks {
  const connectors = new Set(others.flatMap((s) => s.connectors));
  const tasks = new Set(others.flatMap((s) => s.tasks.map(taskKey)));
  return work(base.connectors.filter((c) => !connectors.has(c)), base.tasks.filter((t) => !tasks.has(taskKey(t))));
}

export function intersect(a: ConnectorsAndTasks, b: ConnectorsAndTasks): ConnectorsAndTasks {
  const connectors = new Set(b.connectors);
  const tasks = new Set(b.tasks.map(taskKey));
  return work(a.connectors.filter((c) => connectors.has(c)), a.tasks.filter((t) => tasks.has(taskKey(t))));
}

export function describeWork(set: ConnectorsAndTasks): string {
  return `connectors [${set.connectors.join(', ')}], tasks [${set.tasks.map((t) => `${t.connector}-${t.task}`).join(', ')}]`;
}
