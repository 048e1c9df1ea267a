/**
 * The records a source task has handed to the producer, per source partition in poll order (Connect's
 * SubmittedRecords). A partition's committable offset is that of the last record of its longest
 * acknowledged prefix: a record acknowledged out of order (it went to another Kafka partition, or a later
 * batch) waits behind an unacknowledged one, so a crash never loses a record whose offset was committed.
 * Dropped records (tolerated conversion or produce failures) are acknowledged with no metadata: their
 * offsets move on like any other.
 *
 * Memory: what is held per record is its source offset, and the record itself only when there is an
 * `onAcknowledged` listener (a task that overrides commitRecord): without one the record's key, value and
 * schema die young instead of being kept (and promoted by the garbage collector) until the acknowledgement.
 * An entry is held only while it or an earlier record of its source partition is unacknowledged. When a
 * prefix is acknowledged its records are handed to `onAcknowledged` and forgotten; what stays until the
 * next offset commit is one offset per source partition.
 *
 * Source partitions are compared by content (keys in any order), not by object identity.
 */
import type { RecordMetadata, SourceOffset, SourcePartition, SourceRecord } from '../../connectors/sdk/index.ts';
import { Wakeup } from './wakeup.ts';

export interface SubmittedRecord {
  /** Idempotent; later calls are ignored. `metadata` null: the record was dropped. */
  ack(metadata: RecordMetadata | null): void;
}

/** What an offset commit takes: the acknowledged prefixes of all partitions, as of one moment. */
export interface CommittableOffsets {
  /** The offset to store per source partition (partitions whose records carry no offset are absent). */
  readonly offsets: ReadonlyArray<readonly [SourcePartition, SourceOffset]>;
  /** Records in those prefixes. */
  readonly records: number;
  readonly counts: ReadonlyMap<PartitionQueue, number>;
}

export type AcknowledgedListener = (record: SourceRecord, metadata: RecordMetadata | null) => void;

export interface SubmittedRecordsOptions {
  /** After every acknowledgement (the task loop's wakeup). */
  readonly onAck?: () => void;
  /**
   * Per record, in poll order per source partition, once it and every earlier record of its partition are
   * acknowledged. Records are kept until then only when this is given.
   */
  readonly onAcknowledged?: AcknowledgedListener;
}

const NO_PARTITION = '\u0000no-partition';
/** Acknowledged slots are cut off a queue's front once this many have piled up. */
const COMPACT_AFTER = 1024;

class Submitted implements SubmittedRecord {
  /** Only when the records are handed on (null once they are). */
  record: SourceRecord | null;
  readonly partition: SourcePartition | null;
  readonly offset: SourceOffset | null;
  metadata: RecordMetadata | null = null;
  acked = false;
  readonly #queue: PartitionQueue;

  constructor(record: SourceRecord, keep: boolean, queue: PartitionQueue) {
    this.record = keep ? record : null;
    this.partition = record.sourcePartition;
    this.offset = record.sourceOffset;
    this.#queue = queue;
  }

  ack(metadata: RecordMetadata | null): void {
    if (this.acked) return;
    this.acked = true;
    this.metadata = metadata;
    this.#queue.acknowledged();
  }
}

class PartitionQueue {
  readonly key: string;
  /** Submitted in poll order; entries before `head` are acknowledged and handed on. */
  entries: Submitted[] = [];
  head = 0;
  /** The acknowledged prefix not yet committed: its record count and its last offset. */
  ackedRecords = 0;
  ackedOffset: readonly [SourcePartition, SourceOffset] | null = null;
  readonly #owner: SubmittedRecords;

  constructor(key: string, owner: SubmittedRecords) {
    this.key = key;
    this.#owner = owner;
  }

  get waiting(): number {
    return this.entries.length - this.head;
  }

  acknowledged(): void {
    const entries = this.entries;
    while (this.head < entries.length && entries[this.head].acked) {
      const entry = entries[this.head++];
      if (entry.partition && entry.offset) this.ackedOffset = [entry.partition, entry.offset];
      this.ackedRecords++;
      const record = entry.record;
      if (record) {
        entry.record = null;
        this.#owner.handOn(record, entry.metadata);
      }
    }
    if (this.head >= COMPACT_AFTER || this.head === entries.length) {
      this.entries = entries.slice(this.head);
      this.head = 0;
    }
    this.#owner.acked();
  }
}

export class SubmittedRecords {
  readonly #byPartition = new Map<string, PartitionQueue>();
  /** The last partition seen: consecutive records usually share one, so most need no key built. */
  #last: { readonly partition: SourcePartition | null; readonly queue: PartitionQueue } | undefined;
  readonly #acks = new Wakeup();
  readonly #onAck: () => void;
  readonly #onAcknowledged: AcknowledgedListener | undefined;
  #unacked = 0;

  constructor(options: SubmittedRecordsOptions = {}) {
    this.#onAck = options.onAck ?? (() => {});
    this.#onAcknowledged = options.onAcknowledged;
  }

  /** Records submitted and not yet acknowledged. */
  get outstanding(): number {
    return this.#unacked;
  }

  /** Records still held: acknowledged ones waiting behind an unacknowledged record, and the unacknowledged. */
  get size(): number {
    let size = 0;
    for (const queue of this.#byPartition.values()) size += queue.waiting;
    return size;
  }

  submit(record: SourceRecord): SubmittedRecord {
    const queue = this.#queueOf(record.sourcePartition);
    const submitted = new Submitted(record, this.#onAcknowledged !== undefined, queue);
    queue.entries.push(submitted);
    this.#unacked++;
    return submitted;
  }

  committable(): CommittableOffsets {
    const offsets: Array<readonly [SourcePartition, SourceOffset]> = [];
    const counts = new Map<PartitionQueue, number>();
    let records = 0;
    for (const queue of this.#byPartition.values()) {
      if (queue.ackedRecords === 0) continue;
      counts.set(queue, queue.ackedRecords);
      records += queue.ackedRecords;
      if (queue.ackedOffset) offsets.push(queue.ackedOffset);
    }
    return { offsets, records, counts };
  }

  /** Forgets what a committed snapshot covered; what was acknowledged since stays for the next commit. */
  remove(committed: CommittableOffsets): void {
    for (const [queue, count] of committed.counts) {
      queue.ackedRecords = Math.max(0, queue.ackedRecords - count);
      if (queue.ackedRecords === 0 && queue.waiting === 0 && this.#byPartition.get(queue.key) === queue) this.#byPartition.delete(queue.key);
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

  /** @internal PartitionQueue's calls. */
  handOn(record: SourceRecord, metadata: RecordMetadata | null): void {
    this.#onAcknowledged?.(record, metadata);
  }

  /** @internal */
  acked(): void {
    this.#unacked--;
    this.#acks.ring();
    this.#onAck();
  }

  #queueOf(partition: SourcePartition | null): PartitionQueue {
    const last = this.#last;
    if (last && sameContent(last.partition, partition) && this.#byPartition.get(last.queue.key) === last.queue) return last.queue;
    const key = partitionKey(partition);
    let queue = this.#byPartition.get(key);
    if (!queue) this.#byPartition.set(key, (queue = new PartitionQueue(key, this)));
    this.#last = { partition, queue };
    return queue;
  }
}

/** Whether two partitions have the same content (what partitionKey compares), without building keys. */
function sameContent(a: SourcePartition | null, b: SourcePartition | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key)) return false;
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    const numeric = (typeof x === 'number' || typeof x === 'bigint') && (typeof y === 'number' || typeof y === 'bigint');
    if (!numeric || x != y) return false;
  }
  return true;
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
