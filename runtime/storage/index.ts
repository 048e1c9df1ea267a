/** The runtime's backing stores: configs, source offsets and statuses, in Kafka, file and memory variants. */
export type { InternalTopicsConfig } from './internal-topics.ts';
export { INTERNAL_TOPIC_DEFAULTS, configTopicSpec, offsetTopicSpec, statusTopicSpec } from './internal-topics.ts';

export type { ConfigBackingStore, ConfigUpdate, ConfigUpdateListener } from './config-backing-store.ts';
export { ClusterConfigState } from './cluster-config-state.ts';
export { KafkaConfigBackingStore } from './kafka-config-backing-store.ts';
export type { KafkaConfigBackingStoreOptions } from './kafka-config-backing-store.ts';
export { MemoryConfigBackingStore } from './memory-config-backing-store.ts';

export type { OffsetBackingStore, OffsetEntries } from './offset-backing-store.ts';
export { KafkaOffsetBackingStore } from './kafka-offset-backing-store.ts';
export type { KafkaOffsetBackingStoreOptions } from './kafka-offset-backing-store.ts';
export { FileOffsetBackingStore } from './file-offset-backing-store.ts';
export { MemoryOffsetBackingStore } from './memory-offset-backing-store.ts';
export { createOffsetStorageReader } from './offset-storage-reader.ts';

export type { StatusBackingStore, ConnectorStatus, TaskStatus, StatusState, StatusValue, TopicStatus } from './status-backing-store.ts';
export { KafkaStatusBackingStore } from './kafka-status-backing-store.ts';
export type { KafkaStatusBackingStoreOptions } from './kafka-status-backing-store.ts';
export { MemoryStatusBackingStore } from './memory-status-backing-store.ts';
