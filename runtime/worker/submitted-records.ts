/**
 * The records a source task has handed to the producer, per source partition in poll order, until their
 * offsets are committed (Connect's SubmittedRecords). A partition's committable offset is that of the
 * last record of its longest acknowledged prefix: a record acknowledged out of order (it went to another
 * Kafka partition, or a later batch) waits behind an unacknowledged one, so a crash never loses a record
 * whose offset was committed. Dropped records (tolerated conversion or produce failures) are
 * acknowledged with no metadata: their offsets move on like any other.
 *
 * Source partitions are compared by content (keys in any order), not by object identity.
 */
import type { RecordMetadata, SourceOffset, SourcePartition, SourceRecord } from '../../connectors/sdk/index.ts';
import { Wakeup } from './wakeup.ts';

export interface SubmittedRecord {
  readonly record: SourceRecord;
  /** Where the record landed; null when it was dropped or is not acknowledged yet. */
  readonly metadata: RecordMetadata | null;
  readonly acked: boolean;
  /** Idempotent; later calls are ignored. */
  ack(metadata: RecordMetadata | null): void;
}

/** The acknowledged prefixes of all partitions, as of one moment. */
export interface CommittableRecords {
  /** The offset to store per source partition (partitions whose records carry no offset are absent). */
  readonly offsets: ReadonlyArray<readonly [SourcePartition, SourceOffset]>;
  /** The prefixes' records, in poll order within each source partition. */
  readonly records: readonly SubmittedRecord[];
  readonly counts: ReadonlyMap<string, number>;
}

const NO_PARTITION = '\u0000no-partition';

class Submitted implements SubmittedRecord {
  readonly record: SourceRecord;
  metadata: RecordMetadata | null = null;
  acked = false;
  readonly #onAck: () => void;

  constructor(record: SourceRecord, onAck: () => void) {
    this.record = record;
    this.#onAck = onAck;
  }

  ack(metadata: RecordMetadata | null): void {
    if (this.acked) return;
    this.acked = true;
    this.metadata = metadata;
    this.#onAck();
  }
}

export class SubmittedRecords {
  readonly #byPartition = new Map<string, Submitted[]>();
  readonly #acks = new Wakeup();
  readonly #onAck: () => void;
  #unacked = 0;

  /** `onAck` is called after every acknowledgement (the task loop's wakeup). */
  constructor(onAck: () => void = () => {}) {
    this.#onAck = onAck;
  }

  /** Records submitted and not yet acknowledged. */
  get outstanding(): number {
    return this.#unacked;
  }

  /** Records held until their offsets are committed, acknowledged or not. */
  get size(): number {
    let size = 0;
    for (const queue of this.#byPartition.values()) size += queue.length;
    return size;
  }

  submit(record: SourceRecord): SubmittedRecord {
    const key = partitionKey(record.sourcePartition);
    let queue = this.#byPartition.get(key);
    if (!queue) this.#byPartition.set(key, (queue = []));
    const submitted = new Submitted(record, () => {
      this.#unacked--;
      this.#acks.ring();
      this.#onAck();
    });
    queue.push(submitted);
    this.#unacked++;
    return submitted;
  }

  committable(): CommittableRecords {
    const offsets: Array<readonly [SourcePartition, SourceOffset]> = [];
    const records: SubmittedRecord[] = [];
    const counts = new Map<string, number>();
    for (const [key, queue] of this.#byPartition) {
      let count = 0;
      let offset: readonly [SourcePartition, SourceOffset] | undefined;
      while (count < queue.length && queue[count].acked) {
        const { sourcePartition, sourceOffset } = queue[count].record;
        if (sourcePartition && sourceOffset) offset = [sourcePartition, sourceOffset];
        records.push(queue[count]);
        count++;
      }
      if (count === 0) continue;
      counts.set(key, count);
      if (offset) offsets.push(offset);
    }
    return { offsets, records, counts };
  }

  /** Forgets the records of a committed snapshot (they are still at the heads of their queues). */
  remove(committed: CommittableRecords): void {
    for (const [key, count] of committed.counts) {
      const queue = this.#byPartition.get(key);
      if (!queue) continue;
      queue.splice(0, count);
      if (queue.length === 0) this.#byPartition.delete(key);
    }
  }

  /** Resolves true once every submitted record is acknowledged, false if that takes longer than `ms`. */
  async awaitAllAcked(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (this.#unacked > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.#acks.wait(left);
    }
    return true;
  }
}

/** Content identity of a source partition: sorted keys, typed values. */
export function partitionKey(partition: SourcePartition | null): string {
  if (!partition) return NO_PARTITION;
  const entries = Object.keys(partition)
    .sort()
    .map((key) => {
      const value = partition[key];
      // 5 and 5n are the same offset-map value once stored as JSON.
      const type = typeof value === 'bigint' ? 'number' : typeof value;
      return [key, value === null ? null : `${type}:${String(value)}`];
    });
  return JSON.stringify(entries);
}
