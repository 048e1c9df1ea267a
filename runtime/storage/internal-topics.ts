/**
 * Where the distributed worker keeps its state: three compacted topics named by the worker config keys
 * Kafka Connect uses, with Connect's defaults. Any other `config.storage.*`, `offset.storage.*` or
 * `status.storage.*` key is a topic config for that topic (as in Connect, e.g.
 * `offset.storage.min.insync.replicas`), except cleanup.policy, which is always compact, and the
 * standalone worker's `offset.storage.file.filename`.
 */
import type { TopicSpec } from '../kafka/index.ts';

export interface InternalTopicsConfig {
  readonly 'config.storage.topic': string;
  readonly 'config.storage.replication.factor'?: number;
  readonly 'offset.storage.topic': string;
  readonly 'offset.storage.partitions'?: number;
  readonly 'offset.storage.replication.factor'?: number;
  readonly 'status.storage.topic': string;
  readonly 'status.storage.partitions'?: number;
  readonly 'status.storage.replication.factor'?: number;
  readonly [key: string]: unknown;
}

/** Connect's defaults. -1 for a partition count or replication factor means "the broker's default". */
export const INTERNAL_TOPIC_DEFAULTS = Object.freeze({
  'config.storage.replication.factor': 3,
  'offset.storage.partitions': 25,
  'offset.storage.replication.factor': 3,
  'status.storage.partitions': 5,
  'status.storage.replication.factor': 3,
});

type Store = 'config' | 'offset' | 'status';

const PURPOSE: Record<Store, string> = {
  config: 'connector configurations',
  offset: 'source connector offsets',
  status: 'connector and task statuses',
};

export function configTopicSpec(config: InternalTopicsConfig): TopicSpec {
  // One partition, always: task configs are applied at their commit record, which needs total order.
  return spec(config, 'config', 1, config['config.storage.replication.factor'] ?? INTERNAL_TOPIC_DEFAULTS['config.storage.replication.factor']);
}

export function offsetTopicSpec(config: InternalTopicsConfig): TopicSpec {
  return spec(
    config,
    'offset',
    config['offset.storage.partitions'] ?? INTERNAL_TOPIC_DEFAULTS['offset.storage.partitions'],
    config['offset.storage.replication.factor'] ?? INTERNAL_TOPIC_DEFAULTS['offset.storage.replication.factor'],
  );
}

export function statusTopicSpec(config: InternalTopicsConfig): TopicSpec {
  return spec(
    config,
    'status',
    config['status.storage.partitions'] ?? INTERNAL_TOPIC_DEFAULTS['status.storage.partitions'],
    config['status.storage.replication.factor'] ?? INTERNAL_TOPIC_DEFAULTS['status.storage.replication.factor'],
  );
}

function spec(config: InternalTopicsConfig, store: Store, partitions: number, replicationFactor: number): TopicSpec {
  const prefix = `${store}.storage.`;
  // offset.storage.file.filename is the standalone worker's offsets file, not a topic setting.
  const own = new Set(['topic', 'partitions', 'replication.factor', 'file.filename'].map((k) => prefix + k));
  const configs: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (!key.startsWith(prefix) || own.has(key) || value === undefined || value === null) continue;
    configs[key.slice(prefix.length)] = String(value);
  }
  configs['cleanup.policy'] = 'compact';
  return {
    name: config[`${prefix}topic`] as string,
    partitions,
    replicationFactor,
    configs,
    compactOnly: { configKey: `${prefix}topic`, purpose: PURPOSE[store] },
  };
}
