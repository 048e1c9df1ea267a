/**
 * The worker config keys the herders read, parsed once from the worker props (strings, as in a worker
 * config file) by schemas/standalone-worker-config.json and schemas/distributed-worker-config.json.
 * Every other key passes through untouched for the Worker, the converters and the task clients.
 */
import { ConfigDef, ConfigException } from '../../connectors/sdk/index.ts';
import distributedSchema from '../../schemas/distributed-worker-config.json' with { type: 'json' };
import standaloneSchema from '../../schemas/standalone-worker-config.json' with { type: 'json' };
import { RuntimeError, RuntimeErrors } from '../errors.ts';

export interface StandaloneWorkerConfig {
  readonly 'bootstrap.servers': string;
  readonly 'offset.storage.file.filename': string;
  readonly 'topic.tracking.enable': boolean;
}

export interface DistributedWorkerConfig {
  readonly 'bootstrap.servers': string;
  readonly 'group.id': string;
  readonly 'config.storage.topic': string;
  readonly 'config.storage.replication.factor': number;
  readonly 'offset.storage.topic': string;
  readonly 'offset.storage.partitions': number;
  readonly 'offset.storage.replication.factor': number;
  readonly 'status.storage.topic': string;
  readonly 'status.storage.partitions': number;
  readonly 'status.storage.replication.factor': number;
  readonly 'session.timeout.ms': number;
  readonly 'heartbeat.interval.ms': number;
  readonly 'rebalance.timeout.ms': number;
  readonly 'scheduled.rebalance.max.delay.ms': number;
  readonly 'worker.sync.timeout.ms': number;
  readonly 'worker.unsync.backoff.ms': number;
  readonly 'connect.protocol': 'compatible';
  readonly 'topic.tracking.enable': boolean;
}

export const STANDALONE_WORKER_CONFIG = new ConfigDef<StandaloneWorkerConfig>(standaloneSchema);
export const DISTRIBUTED_WORKER_CONFIG = new ConfigDef<DistributedWorkerConfig>(distributedSchema);

/** INVALID_CONFIG naming every bad key. */
export function standaloneWorkerConfig(props: Readonly<Record<string, string>>): Readonly<StandaloneWorkerConfig> {
  return parse(STANDALONE_WORKER_CONFIG, props, 'standalone');
}

/** INVALID_CONFIG naming every bad key. */
export function distributedWorkerConfig(props: Readonly<Record<string, string>>): Readonly<DistributedWorkerConfig> {
  return parse(DISTRIBUTED_WORKER_CONFIG, props, 'distributed');
}

function parse<T>(def: ConfigDef<T>, props: Readonly<Record<string, string>>, mode: string): Readonly<T> {
  try {
    return def.parse(props);
  } catch (error) {
    if (!(error instanceof ConfigException)) throw error;
    const fieldErrors: Record<string, string[]> = {};
    for (const entry of def.validate(props).configs) if (entry.errors.length > 0) fieldErrors[entry.name] = entry.errors;
    throw new RuntimeError(RuntimeErrors.INVALID_CONFIG, `The ${mode} worker config is invalid: ${error.message}`, { cause: error, fieldErrors });
  }
}
