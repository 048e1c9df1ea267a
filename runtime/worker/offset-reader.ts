/** A connector's view of its committed source offsets (SourceTaskContext/SourceConnectorContext.offsetStorageReader). */
import type { OffsetStorageReader, SourceOffset, SourcePartition } from '../../connectors/sdk/index.ts';
import type { SourceOffsetStore } from './task-environment.ts';

export function offsetReader(store: SourceOffsetStore, connector: string): OffsetStorageReader {
  return {
    async offset(partition: SourcePartition): Promise<SourceOffset | null> {
      return (await store.get(connector, [partition])).get(partition) ?? null;
    },
    offsets(partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>> {
      return store.get(connector, partitions);
    },
  };
}
