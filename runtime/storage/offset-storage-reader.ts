/** What a source task or connector reads its committed offsets through (SourceTaskContext.offsetStorageReader). */
import type { OffsetStorageReader, SourceOffset, SourcePartition } from '../../connectors/sdk/index.ts';
import type { OffsetBackingStore } from './offset-backing-store.ts';

export function createOffsetStorageReader(store: OffsetBackingStore, connector: string): OffsetStorageReader {
  return {
    async offset(partition: SourcePartition): Promise<SourceOffset | null> {
      return (await store.get(connector, [partition])).get(partition) ?? null;
    },
    offsets(partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>> {
      return store.get(connector, partitions);
    },
  };
}
