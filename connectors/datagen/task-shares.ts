/**
 * Splits the connector's record budget and rate among its tasks. The first tasks get one record more
 * when the budget does not divide evenly; no task is started with nothing to do.
 */
import type { Props } from '../sdk/index.ts';
import type { DatagenConfig } from './config.ts';

export function taskShares(props: Props, config: DatagenConfig, maxTasks: number): Props[] {
  const total = config['max.records'];
  const tasks = total < 0 ? maxTasks : Math.min(maxTasks, Math.max(total, 1));
  return Array.from({ length: tasks }, (_, task) => ({
    ...props,
    'task.id': String(task),
    'max.records': String(total < 0 ? -1 : Math.floor(total / tasks) + (task < total % tasks ? 1 : 0)),
    'records.per.second': String(config['records.per.second'] / tasks),
  }));
}
