/**
 * What GET /connectors/{c}/status and the restart endpoints answer, built from the status store (what
 * the workers reported) and the config snapshot (which tasks exist now). As in Connect, a connector
 * whose status nobody has written yet has no status (404); tasks are listed when they have a status
 * and are still configured, so the tasks of a stopped connector (whose task configs were emptied) or
 * of a shrunk one disappear from the answer.
 */
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import type { ClusterConfigState } from '../storage/index.ts';
import type { StatusBackingStore, StatusValue } from '../storage/index.ts';
import type { ConnectorStateInfo, ConnectorType, RestartRequest, State } from './connect-types.ts';

export type TaskState = ConnectorStateInfo['tasks'][number];

export function connectorStateInfo(name: string, snapshot: ClusterConfigState, statuses: StatusBackingStore, type: ConnectorType): ConnectorStateInfo {
  const status = statuses.connector(name);
  if (!status || status.state === 'DESTROYED') throw new RuntimeError(RuntimeErrors.NOT_FOUND, `No status found for connector ${name}`);
  const configured = snapshot.taskCount(name);
  const tasks = statuses
    .tasks(name)
    .filter((t) => t.id.task < configured && t.state !== 'DESTROYED')
    .map((t) => ({ id: t.id.task, ...entry(t) }));
  return { name, connector: entry(status), tasks, type };
}

export function taskState(name: string, task: number, snapshot: ClusterConfigState, statuses: StatusBackingStore): TaskState {
  const status = task >= 0 && task < snapshot.taskCount(name) ? statuses.task({ connector: name, task }) : undefined;
  if (!status || status.state === 'DESTROYED') throw new RuntimeError(RuntimeErrors.NOT_FOUND, `No status found for task ${name}-${task}`);
  return { id: task, ...entry(status) };
}

/**
 * The plan a restart request answers with (Connect's RestartPlan): what will restart shows RESTARTING,
 * the rest as it is now. Null when the request restarts nothing but the connector (plain restart).
 */
export function restartPlan(current: ConnectorStateInfo, request: RestartRequest): ConnectorStateInfo | null {
  if (!request.includeTasks && !request.onlyFailed) return null;
  const restarts = (state: State) => !request.onlyFailed || state === 'FAILED';
  return {
    ...current,
    connector: restarts(current.connector.state) ? { state: 'RESTARTING', worker_id: current.connector.worker_id } : current.connector,
    tasks: current.tasks.map((t) => (request.includeTasks && restarts(t.state) ? { id: t.id, state: 'RESTARTING', worker_id: t.worker_id } : t)),
  };
}

/** Whether a worker processing a restart request restarts something in this state. */
export function restartsState(request: RestartRequest, state: State | undefined): boolean {
  return !request.onlyFailed || state === 'FAILED';
}

function entry(status: StatusValue): { state: State; worker_id: string; trace?: string } {
  const state = status.state as State;
  return status.trace !== null && state === 'FAILED' ? { state, worker_id: status.workerId, trace: status.trace } : { state, worker_id: status.workerId };
}
