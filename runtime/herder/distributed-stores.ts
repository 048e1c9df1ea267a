/**
 * A distributed worker's three compacted internal topics as backing stores, named and shaped by the
 * worker config (created at start when missing: 1 partition for configs, offset.storage.partitions and
 * status.storage.partitions for the others, replication factors -1 = the broker's default unless set).
 */
import type { Logger } from 'pino';
import type { KafkaClientOptions } from '../kafka/index.ts';
import {
  configTopicSpec, KafkaConfigBackingStore, KafkaOffsetBackingStore, KafkaStatusBackingStore, offsetTopicSpec, statusTopicSpec, type InternalTopicsConfig,
} from '../storage/index.ts';
import type { DistributedWorkerConfig } from './herder-config.ts';

export interface DistributedStores {
  readonly configs: KafkaConfigBackingStore;
  readonly offsets: KafkaOffsetBackingStore;
  readonly statuses: KafkaStatusBackingStore;
}

export function distributedStores(
  props: Readonly<Record<string, string>>,
  config: Readonly<DistributedWorkerConfig>,
  client: KafkaClientOptions,
  logger: Logger,
): DistributedStores {
  // Topic settings (config.storage.* and the like) come from the props; the parsed values win for known keys.
  const topics = { ...props, ...config } as unknown as InternalTopicsConfig;
  return {
    configs: new KafkaConfigBackingStore({ client, topic: configTopicSpec(topics), logger: logger.child({ store: 'configs' }) }),
    offsets: new KafkaOffsetBackingStore({ client, topic: offsetTopicSpec(topics), logger: logger.child({ store: 'offsets' }) }),
    statuses: new KafkaStatusBackingStore({ client, topic: statusTopicSpec(topics), logger: logger.child({ store: 'statuses' }) }),
  };
}
