/**
 * What a partition remembers about one idempotent producer: its epoch and its last few batches, enough to
 * recognise a retried batch and to check that the next one continues the sequence. Sequence numbers are
 * int32 and wrap from 2^31 - 1 to 0.
 */

/** Batches remembered per producer: a producer has at most five requests in flight per partition. */
export const RETAINED_BATCHES = 5;

const MAX_SEQUENCE = 0x7fff_ffff;

/** No transaction open; the slot exists so transactions can be added without changing the shape. */
export const NO_OPEN_TRANSACTION = -1;

export interface ProducerBatchMetadata {
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly firstOffset: number;
  readonly lastOffset: number;
  /** The batch's timestamp as stored: its max timestamp, or the log append time. */
  readonly timestamp: number;
  readonly transactional: boolean;
}

export class ProducerEntry {
  readonly producerId: bigint;
  epoch: number;
  /** Oldest first, at most RETAINED_BATCHES, all of the current epoch. */
  batches: ProducerBatchMetadata[];
  /** First offset of the producer's open transaction, or NO_OPEN_TRANSACTION. */
  currentTxnFirstOffset: number;
  /** Broker time of the producer's last write (expiry counts from here). */
  lastActivityMs: number;

  constructor(
    producerId: bigint,
    epoch: number,
    batches: ProducerBatchMetadata[] = [],
    currentTxnFirstOffset = NO_OPEN_TRANSACTION,
    lastActivityMs = 0,
  ) {
    this.producerId = producerId;
    this.epoch = epoch;
    this.batches = batches;
    this.currentTxnFirstOffset = currentTxnFirstOffset;
    this.lastActivityMs = lastActivityMs;
  }

  /** Last sequence written in the current epoch, -1 if none (so sequence 0 follows). */
  get lastSeq(): number {
    return this.batches.length === 0 ? -1 : this.batches[this.batches.length - 1].lastSeq;
  }

  clone(): ProducerEntry {
    return new ProducerEntry(this.producerId, this.epoch, [...this.batches], this.currentTxnFirstOffset, this.lastActivityMs);
  }

  /** The remembered batch with exactly this sequence range in this epoch, if any. */
  findBatch(epoch: number, firstSeq: number, lastSeq: number): ProducerBatchMetadata | undefined {
    if (epoch !== this.epoch) return undefined;
    return this.batches.find((b) => b.firstSeq === firstSeq && b.lastSeq === lastSeq);
  }

  /** Records a written batch; a new epoch forgets the old epoch's batches. */
  addBatch(epoch: number, batch: ProducerBatchMetadata, nowMs: number): void {
    if (epoch !== this.epoch) {
      this.epoch = epoch;
      this.batches = [];
    }
    this.batches.push(batch);
    if (this.batches.length > RETAINED_BATCHES) this.batches.shift();
    this.lastActivityMs = Math.max(this.lastActivityMs, nowMs);
  }
}

/** Sequence of a batch's last record: baseSequence + lastOffsetDelta, wrapping past 2^31 - 1. */
export function lastSequenceOf(baseSequence: number, lastOffsetDelta: number): number {
  const sum = baseSequence + lastOffsetDelta;
  return sum > MAX_SEQUENCE ? sum - MAX_SEQUENCE - 1 : sum;
}

/** Whether `next` is the sequence right after `last`. */
export function followsInSequence(last: number, next: number): boolean {
  return last === MAX_SEQUENCE ? next === 0 : next === last + 1;
}
