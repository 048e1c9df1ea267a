/**
 * The idempotent-producer state of one partition: for every producer id that wrote here, its epoch and
 * its last five batches (sequence range, offsets, timestamp). Each append is checked against it before
 * anything is written, so a retried batch is answered with where it was first stored instead of being
 * stored twice, and a gap or a stale epoch is refused.
 *
 * Design:
 * - An append is checked as a whole against scratch copies of the entries it touches (several batches of
 *   one producer in a request must continue each other) and the copies replace the live entries only once
 *   the bytes are written, so a refused or failed append changes nothing.
 * - Rules (Kafka 3.x, KIP-98/KIP-360): an epoch older than the known one -> INVALID_PRODUCER_EPOCH; a newer
 *   epoch must start at sequence 0; the same epoch must continue at last sequence + 1, wrapping at 2^31-1;
 *   otherwise OUT_OF_ORDER_SEQUENCE_NUMBER. A producer this partition has no state for (new, expired, or
 *   its records deleted) is accepted at any sequence: since KIP-360 the broker never answers
 *   UNKNOWN_PRODUCER_ID on produce. A batch matching one of the five remembered ranges of the current epoch
 *   is a retry: nothing is written and the original offsets are returned.
 * - Expiry (producer.id.expiration.ms) counts from the broker's clock at the producer's last write, not
 *   from batch timestamps: producers that write old CreateTime timestamps (connectors replaying history)
 *   would otherwise lose their state at once and a retry could be stored twice. Entries rebuilt from the
 *   log at start-up count from the start-up time. Expired entries are ignored when looked up and swept
 *   every few minutes and before each snapshot.
 * - Durability is the log's: the state is a cache of what the log says, snapshotted at segment rolls and
 *   clean close (producer-state-snapshot.ts) and rebuilt at start-up from the newest snapshot plus the
 *   batch headers after it (producer-state-loader.ts).
 * - Transactions are not supported yet and transactional batches are refused; the entry keeps a
 *   currentTxnFirstOffset slot and each batch a transactional flag so they can be added without changing
 *   the state's shape or the snapshot format.
 */
import { ErrorCode, KafkaProtocolError } from '../protocol/error-codes.ts';
import { Attribute, BatchOffset } from '../protocol/records/batch-header.ts';
import type { IncomingBatch } from './batch-layout.ts';
import {
  NO_OPEN_TRANSACTION,
  ProducerEntry,
  followsInSequence,
  lastSequenceOf,
  type ProducerBatchMetadata,
} from './producer-state-entry.ts';

/** Kafka's producer.id.expiration.ms default: one day. */
export const DEFAULT_PRODUCER_ID_EXPIRATION_MS = 86_400_000;

/** Kafka's producer.id.expiration.check.interval.ms default. */
const SWEEP_INTERVAL_MS = 600_000;

/** Where an append that was already written (a retry) was stored. */
export interface DuplicateAppend {
  readonly firstOffset: number;
  readonly lastOffset: number;
  readonly timestamp: number;
}

/** The outcome of checking an append: a retry to answer from the log, or updates to apply once written. */
export interface ProducerAppend {
  readonly duplicate: DuplicateAppend | null;
  /** Applies the append's producer updates; call only after its bytes are written. */
  commit(): void;
}

export interface ProducerStateOptions {
  /** topic-partition, for error messages. */
  readonly name: string;
  readonly expirationMs?: number;
}

const NOTHING_TO_DO: ProducerAppend = Object.freeze({ duplicate: null, commit: () => undefined });

export class ProducerState {
  readonly name: string;
  readonly expirationMs: number;
  private readonly producers = new Map<bigint, ProducerEntry>();
  private lastSweepMs = -Infinity;

  constructor(options: ProducerStateOptions, entries: Iterable<ProducerEntry> = []) {
    this.name = options.name;
    this.expirationMs = options.expirationMs ?? DEFAULT_PRODUCER_ID_EXPIRATION_MS;
    for (const entry of entries) this.producers.set(entry.producerId, entry);
  }

  get size(): number {
    return this.producers.size;
  }

  /** The live entry of a producer (expired or not); callers must not modify it. */
  entry(producerId: bigint): ProducerEntry | undefined {
    return this.producers.get(producerId);
  }

  /** Copies of every entry, by producer id. */
  entries(): ProducerEntry[] {
    return [...this.producers.values()]
      .sort((a, b) => (a.producerId < b.producerId ? -1 : a.producerId > b.producerId ? 1 : 0))
      .map((entry) => entry.clone());
  }

  /**
   * Checks the batches of one append (`buf`, split by layoutBatches) that would be stored from baseOffset.
   * `logAppendTimeMs` is the time stamped on them, or -1 for CreateTime. Throws the KafkaProtocolError the
   * partition answers with when the append must be refused.
   */
  prepareAppend(buf: Buffer, batches: readonly IncomingBatch[], baseOffset: number, logAppendTimeMs: number, nowMs: number): ProducerAppend {
    if (nowMs - this.lastSweepMs >= SWEEP_INTERVAL_MS) this.removeExpired(nowMs);
    let pending: Map<bigint, ProducerEntry> | null = null;
    let firstDuplicate: ProducerBatchMetadata | null = null;
    let lastDuplicate: ProducerBatchMetadata | null = null;
    let duplicates = 0;
    let offset = baseOffset;
    for (const batch of batches) {
      const firstOffset = offset;
      offset += batch.lastOffsetDelta + 1;
      const at = batch.position;
      const transactional = (buf.readInt16BE(at + BatchOffset.attributes) & Attribute.transactional) !== 0;
      if (transactional) {
        throw new KafkaProtocolError(ErrorCode.INVALID_TXN_STATE, `${this.name} refuses a transactional batch: transactions are not supported`);
      }
      // A negative high word is a negative id: no producer, the common case, read without a BigInt.
      if (buf.readInt32BE(at + BatchOffset.producerId) < 0) continue;
      const producerId = buf.readBigInt64BE(at + BatchOffset.producerId);
      const epoch = buf.readInt16BE(at + BatchOffset.producerEpoch);
      const firstSeq = buf.readInt32BE(at + BatchOffset.baseSequence);
      if (epoch < 0 || firstSeq < 0) {
        throw new KafkaProtocolError(ErrorCode.INVALID_RECORD, `producer ${producerId} sent epoch ${epoch} and sequence ${firstSeq} to ${this.name}; both must be >= 0`);
      }
      const lastSeq = lastSequenceOf(firstSeq, batch.lastOffsetDelta);
      pending ??= new Map();
      const entry = pending.get(producerId) ?? this.liveEntry(producerId, nowMs)?.clone() ?? null;
      const duplicate = entry?.findBatch(epoch, firstSeq, lastSeq);
      if (duplicate) {
        firstDuplicate ??= duplicate;
        lastDuplicate = duplicate;
        duplicates++;
        continue;
      }
      this.checkSequence(entry, producerId, epoch, firstSeq);
      const updated = entry ?? new ProducerEntry(producerId, epoch);
      const timestamp = logAppendTimeMs >= 0 ? logAppendTimeMs : batch.maxTimestamp;
      updated.addBatch(epoch, { firstSeq, lastSeq, firstOffset, lastOffset: offset - 1, timestamp, transactional }, nowMs);
      pending.set(producerId, updated);
    }
    if (firstDuplicate && lastDuplicate) {
      if (duplicates !== batches.length) {
        throw new KafkaProtocolError(
          ErrorCode.INVALID_RECORD,
          `${this.name}: the request mixes ${duplicates} already written batch(es) with ${batches.length - duplicates} new one(s)`,
        );
      }
      return { duplicate: { firstOffset: firstDuplicate.firstOffset, lastOffset: lastDuplicate.lastOffset, timestamp: lastDuplicate.timestamp }, commit: NOTHING_TO_DO.commit };
    }
    if (!pending) return NOTHING_TO_DO;
    const updates = pending;
    return {
      duplicate: null,
      commit: () => {
        for (const [producerId, entry] of updates) this.producers.set(producerId, entry);
      },
    };
  }

  /** Start-up replay of a stored batch: applied as written, without checks (the log is the truth). */
  replayBatch(producerId: bigint, epoch: number, batch: ProducerBatchMetadata, nowMs: number): void {
    let entry = this.producers.get(producerId);
    if (!entry) {
      entry = new ProducerEntry(producerId, epoch);
      this.producers.set(producerId, entry);
    }
    entry.addBatch(epoch, batch, nowMs);
  }

  /** Forgets producers idle for expirationMs (never one with an open transaction); returns how many. */
  removeExpired(nowMs: number): number {
    this.lastSweepMs = nowMs;
    let removed = 0;
    for (const [producerId, entry] of this.producers) {
      if (this.isExpired(entry, nowMs)) {
        this.producers.delete(producerId);
        removed++;
      }
    }
    return removed;
  }

  private liveEntry(producerId: bigint, nowMs: number): ProducerEntry | undefined {
    const entry = this.producers.get(producerId);
    return entry && !this.isExpired(entry, nowMs) ? entry : undefined;
  }

  private isExpired(entry: ProducerEntry, nowMs: number): boolean {
    return entry.currentTxnFirstOffset === NO_OPEN_TRANSACTION && nowMs - entry.lastActivityMs >= this.expirationMs;
  }

  private checkSequence(entry: ProducerEntry | null, producerId: bigint, epoch: number, firstSeq: number): void {
    if (!entry) return;
    if (epoch < entry.epoch) {
      throw new KafkaProtocolError(
        ErrorCode.INVALID_PRODUCER_EPOCH,
        `producer ${producerId} wrote to ${this.name} with epoch ${epoch}, older than its current epoch ${entry.epoch}`,
      );
    }
    if (epoch > entry.epoch) {
      if (firstSeq === 0) return;
      throw new KafkaProtocolError(
        ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        `producer ${producerId} started epoch ${epoch} on ${this.name} at sequence ${firstSeq}; a new epoch starts at 0`,
      );
    }
    if (followsInSequence(entry.lastSeq, firstSeq)) return;
    throw new KafkaProtocolError(
      ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
      `producer ${producerId} (epoch ${epoch}) sent sequence ${firstSeq} to ${this.name}, expected ${lastSequenceOf(entry.lastSeq, 1)}`,
    );
  }
}
