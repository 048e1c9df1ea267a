/**
 * Where source connectors' offsets live (Connect's OffsetBackingStore), per connector and source
 * partition. Variants: Kafka (offsets topic, distributed workers), file (standalone worker), memory
 * (tests). A null offset is a tombstone: the partition is forgotten (offset resets).
 */
import type { SourceOffset, SourcePartition } from '../../connectors/sdk/index.ts';
import type { ConnectorOffsets } from '../herder/connect-types.ts';

export type OffsetEntries = Iterable<readonly [SourcePartition, SourceOffset | null]>;

export interface OffsetBackingStore {
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * The latest offsets of these partitions (null when none), keyed by the very objects passed in.
   * The Kafka store first reads to the end of the topic, so it sees every offset written before.
   */
  get(connector: string, partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>>;
  /** Stores offsets (null forgets a partition); resolves when they are durable. */
  set(connector: string, entries: OffsetEntries): Promise<void>;
  /** Every source partition the connector has an offset for. */
  connectorPartitions(connector: string): Promise<SourcePartition[]>;
  /** GET /connectors/{c}/offsets for a source connector. */
  connectorOffsets(connector: string): Promise<ConnectorOffsets>;
}
