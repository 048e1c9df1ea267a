/**
 * Start-up rebuild of a partition's producer state, after segment recovery: the newest snapshot that
 * passes its checks, then the headers of every batch stored after it (producer id, epoch, base sequence,
 * offsets; records are never decoded). Snapshots beyond the recovered log end describe data that was cut
 * off, so they are removed first; that is how truncation in recovery truncates the producer state too.
 * With no usable snapshot the whole log is replayed.
 */
import { Attribute, BATCH_OVERHEAD, BatchOffset } from '../protocol/records/batch-header.ts';
import type { BatchScanner, StoredBatch } from './batch-scanner.ts';
import { lastSequenceOf } from './producer-state-entry.ts';
import { listSnapshots, readSnapshot, removeSnapshotsSync } from './producer-state-snapshot.ts';
import { ProducerState } from './producer-state.ts';
import type { SegmentList } from './segment-list.ts';

const REPLAY_READ_BYTES = 1024 * 1024;

export interface LoadProducerStateOptions {
  readonly dir: string;
  /** topic-partition, for error messages and warnings. */
  readonly name: string;
  readonly segments: SegmentList;
  readonly nowMs: number;
  readonly expirationMs?: number;
}

export interface LoadedProducerState {
  readonly state: ProducerState;
  /** The snapshot the state started from, or null when the whole log was replayed. */
  readonly snapshotOffset: number | null;
  readonly replayedBatches: number;
}

export function loadProducerState(options: LoadProducerStateOptions): LoadedProducerState {
  const { dir, segments, nowMs } = options;
  const logEnd = segments.active.nextOffset;
  const snapshots = listSnapshots(dir);
  removeSnapshotsSync(dir, snapshots.filter((offset) => offset > logEnd));
  const stateOptions = { name: options.name, expirationMs: options.expirationMs };
  let state: ProducerState | null = null;
  let snapshotOffset: number | null = null;
  for (const offset of snapshots.filter((o) => o <= logEnd).reverse()) {
    try {
      state = new ProducerState(stateOptions, readSnapshot(dir, offset));
      snapshotOffset = offset;
      break;
    } catch (err) {
      process.emitWarning(`${options.name}: ignoring producer state snapshot at offset ${offset}: ${(err as Error).message}`, {
        code: 'SLUICE_PRODUCER_SNAPSHOT',
      });
    }
  }
  state ??= new ProducerState(stateOptions);
  const replayedBatches = replayLog(state, segments, snapshotOffset ?? segments.first.baseOffset, nowMs);
  state.removeExpired(nowMs);
  return { state, snapshotOffset, replayedBatches };
}

/** Applies every producer batch whose offsets lie at or after `from`; returns how many. */
function replayLog(state: ProducerState, segments: SegmentList, from: number, nowMs: number): number {
  let replayed = 0;
  const firstIndex = segments.floorIndex(from);
  for (let i = firstIndex; i < segments.count; i++) {
    const segment = segments.at(i);
    const start = i === firstIndex ? segment.offsetIndex.lookup(from).position : 0;
    const scanner = segment.scan(start, segment.size, REPLAY_READ_BYTES);
    for (let batch = scanner.next(); batch; batch = scanner.next()) {
      if (batch.lastOffset < from || (batch.attributes & Attribute.control) !== 0) continue;
      const header = headerOf(scanner, batch);
      if (!header || header.readInt32BE(BatchOffset.producerId) < 0) continue;
      const firstSeq = header.readInt32BE(BatchOffset.baseSequence);
      state.replayBatch(header.readBigInt64BE(BatchOffset.producerId), header.readInt16BE(BatchOffset.producerEpoch), {
        firstSeq,
        lastSeq: lastSequenceOf(firstSeq, batch.lastOffset - batch.baseOffset),
        firstOffset: batch.baseOffset,
        lastOffset: batch.lastOffset,
        timestamp: batch.maxTimestamp,
        transactional: (batch.attributes & Attribute.transactional) !== 0,
      }, nowMs);
      replayed++;
    }
  }
  return replayed;
}

/** The batch's fixed header only: reading the whole batch would pull large batches' records in. */
function headerOf(scanner: BatchScanner, batch: StoredBatch): Buffer | null {
  return scanner.bytesOf({ ...batch, size: BATCH_OVERHEAD });
}
