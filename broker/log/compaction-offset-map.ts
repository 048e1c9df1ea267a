/**
 * The newest offset of every key in the dirty part of a log: compaction keeps a record only when no
 * newer record with the same key bytes exists. Keys are held whole (as latin1 strings, one char per
 * byte), so two keys are the same exactly when their bytes are; the map's estimated memory is bounded
 * like Kafka's log.cleaner.dedupe.buffer.size, and mapping stops at the segment where it fills up.
 */
import { Attribute } from '../protocol/records/batch-header.ts';
import { decodeRecordBatch } from '../protocol/records/record-batch.ts';
import { forEachStoredBatch } from './compaction-segment-reader.ts';
import type { LogSegment } from './segment.ts';

/** Rough cost of one entry besides its key bytes: the string header plus the hash table slot. */
const ENTRY_OVERHEAD_BYTES = 64;

export class OffsetMap {
  private readonly newest = new Map<string, number>();
  private readonly maxBytes: number;
  private bytes = 0;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  get isFull(): boolean {
    return this.bytes >= this.maxBytes;
  }

  get size(): number {
    return this.newest.size;
  }

  put(key: Buffer, offset: number): void {
    const text = key.toString('latin1');
    if (!this.newest.has(text)) this.bytes += key.length + ENTRY_OVERHEAD_BYTES;
    this.newest.set(text, offset);
  }

  /** The newest offset seen for `key`, or undefined. */
  newestOffset(key: Buffer): number | undefined {
    return this.newest.get(key.toString('latin1'));
  }
}

/**
 * Maps the keys of `segments` in order, stopping after the segment that fills the map (at least one is
 * always mapped). Returns how many segments were mapped.
 */
export function mapSegments(map: OffsetMap, segments: readonly LogSegment[]): number {
  let mapped = 0;
  for (const segment of segments) {
    if (mapped > 0 && map.isFull) break;
    mapSegment(map, segment);
    mapped++;
  }
  return mapped;
}

function mapSegment(map: OffsetMap, segment: LogSegment): void {
  forEachStoredBatch(segment, (bytes, batch) => {
    if (!isCompactable(batch.attributes)) return;
    for (const record of decodeRecordBatch(bytes).records) {
      if (record.key !== null) map.put(record.key, Number(record.offset));
    }
  });
}

/**
 * Control batches and transactional batches are kept whole and stay out of the map: there are no
 * transactions yet, and once there are, aborted data must not shadow committed values.
 */
export function isCompactable(attributes: number): boolean {
  return (attributes & (Attribute.control | Attribute.transactional)) === 0;
}
