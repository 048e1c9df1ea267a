/** Offsets held in memory only, for tests: same records and lookups as the durable stores. */
import type { SourceOffset, SourcePartition } from '../../connectors/sdk/index.ts';
import type { ConnectorOffsets } from '../herder/connect-types.ts';
import type { OffsetBackingStore, OffsetEntries } from './offset-backing-store.ts';
import { validateOffsetMap } from './offset-records.ts';
import { OffsetTable } from './offset-table.ts';

export class MemoryOffsetBackingStore implements OffsetBackingStore {
  readonly #table = new OffsetTable();

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async get(connector: string, partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>> {
    return this.#table.lookup(connector, partitions);
  }

  async set(connector: string, entries: OffsetEntries): Promise<void> {
    for (const [partition, offset] of entries) {
      validateOffsetMap('A source partition', partition);
      validateOffsetMap('A source offset', offset);
      const record = this.#table.recordFor(connector, partition, offset);
      this.#table.applyRecord(record.key, record.value);
    }
  }

  async connectorPartitions(connector: string): Promise<SourcePartition[]> {
    return this.#table.entriesOf(connector).map((e) => e.partition);
  }

  async connectorOffsets(connector: string): Promise<ConnectorOffsets> {
    return this.#table.connectorOffsets(connector);
  }
}
