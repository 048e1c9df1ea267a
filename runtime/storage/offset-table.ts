/**
 * The source offsets every offset store keeps in memory: one entry per (connector, source partition),
 * with the key bytes it was stored under, so that updates and tombstones reuse them.
 */
import type { SourceOffset, SourcePartition } from '../../connectors/sdk/index.ts';
import type { ConnectorOffsets } from '../herder/connect-types.ts';
import { decodeOffsetKey, decodeOffsetValue, encodeOffsetKey, encodeOffsetValue, partitionIdentity } from './offset-records.ts';

export interface OffsetEntry {
  readonly connector: string;
  readonly partition: SourcePartition;
  readonly offset: SourceOffset;
  /** The record key this entry was stored under. */
  readonly key: Buffer;
}

export class OffsetTable {
  readonly #entries = new Map<string, OffsetEntry>();

  /** Applies a stored record; records whose key or value is not Connect's shape are ignored. */
  applyRecord(key: Buffer | null, value: Buffer | null): void {
    const parsed = decodeOffsetKey(key);
    const offset = decodeOffsetValue(value);
    if (!parsed || offset === undefined) return;
    const id = partitionIdentity(parsed.connector, parsed.partition);
    if (offset === null) this.#entries.delete(id);
    else this.#entries.set(id, { connector: parsed.connector, partition: parsed.partition, offset, key: key! });
  }

  /** The record that stores `offset` (null: forgets the partition), keyed as the partition already is. */
  recordFor(connector: string, partition: SourcePartition, offset: SourceOffset | null): { key: Buffer; value: Buffer | null } {
    const existing = this.#entries.get(partitionIdentity(connector, partition));
    return { key: existing?.key ?? encodeOffsetKey(connector, partition), value: encodeOffsetValue(offset) };
  }

  get(connector: string, partition: SourcePartition): SourceOffset | null {
    return this.#entries.get(partitionIdentity(connector, partition))?.offset ?? null;
  }

  /** Offsets keyed by the very partition objects asked for. */
  lookup(connector: string, partitions: readonly SourcePartition[]): Map<SourcePartition, SourceOffset | null> {
    return new Map(partitions.map((p) => [p, this.get(connector, p)]));
  }

  connectorOffsets(connector: string): ConnectorOffsets {
    return { offsets: this.entriesOf(connector).map((e) => ({ partition: { ...e.partition }, offset: { ...e.offset } })) };
  }

  entriesOf(connector: string): OffsetEntry[] {
    return [...this.#entries.values()].filter((e) => e.connector === connector);
  }

  all(): OffsetEntry[] {
    return [...this.#entries.values()];
  }
}
