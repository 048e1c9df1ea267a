/**
 * The worker config keys the Worker itself reads, parsed once (strings coerced, defaults applied) by
 * the JSON Schema in schemas/worker-task-config.json. Everything else in the worker props passes through:
 * key.converter/value.converter (and their settings) go to converter selection, producer.* and
 * consumer.* to the task clients.
 */
import { ConfigDef } from '../../connectors/sdk/index.ts';
import schema from '../../schemas/worker-task-config.json' with { type: 'json' };

export interface WorkerTaskSettings {
  readonly 'offset.flush.interval.ms': number;
  readonly 'offset.flush.timeout.ms': number;
  readonly 'task.shutdown.graceful.timeout.ms': number;
  readonly 'consumer.max.poll.records': number;
  readonly 'source.max.outstanding.records': number;
  readonly 'task.producer.thread.enable': boolean;
}

export const WORKER_TASK_CONFIG = new ConfigDef<WorkerTaskSettings>(schema);

export interface WorkerConfig {
  /** The worker props as given (strings), for converter selection and client settings. */
  readonly props: Readonly<Record<string, string>>;
  readonly settings: WorkerTaskSettings;
}

/** Throws a ConfigException naming every bad key. */
export function workerConfig(props: Readonly<Record<string, string>>): WorkerConfig {
  return Object.freeze({ props: Object.freeze({ ...props }), settings: WORKER_TASK_CONFIG.parse(props) });
}
