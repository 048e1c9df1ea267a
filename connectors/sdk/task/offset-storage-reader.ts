import type { SourceOffset, SourcePartition } from '../records/source-offsets.ts';

/** Reads the source offsets the runtime has committed for this connector. */
export interface OffsetStorageReader {
  /** The last committed offset of this source partition, or null if none. */
  offset(partition: SourcePartition): Promise<SourceOffset | null>;
  /** Offsets of several partitions; the answer's keys are the very objects passed in. */
  offsets(partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>>;
}
