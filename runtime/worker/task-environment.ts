/** What every task of a Worker shares: worker settings, converter plugins, Kafka clients, the offset store. */
import type { ConverterRegistry } from '../converters/index.ts';
import type { OffsetBackingStore } from '../storage/offset-backing-store.ts';
import type { TaskClients } from './task-clients.ts';
import type { WorkerConfig } from './worker-config.ts';

/** The part of runtime/storage's OffsetBackingStore that tasks use. */
export type SourceOffsetStore = Pick<OffsetBackingStore, 'get' | 'set'>;

export interface TaskEnvironment {
  readonly worker: WorkerConfig;
  readonly converters: ConverterRegistry;
  readonly clients: TaskClients;
  readonly offsetStore: SourceOffsetStore;
}
