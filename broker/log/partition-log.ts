/**
 * The log of one partition: its segments under <dataDir>/<topic>-<partition>/, its log start offset and
 * its flush state. Appends assign offsets and write synchronously, with work per batch and none per
 * record; reads hand out the stored batches untouched. Durability: fsync is asynchronous, driven by
 * flush.messages / flush.ms and done on every segment roll. On a single node the high watermark and the
 * last stable offset are the log end offset.
 *
 * A failed write or fsync takes the partition offline (KAFKA_STORAGE_ERROR): after a failed fsync what
 * reached the disk is unknown, so continuing could acknowledge data that is gone. Restart recovers it.
 */
import { mkdirSync } from 'node:fs';
import { ErrorCode, KafkaProtocolError } from '../protocol/error-codes.ts';
import { assignBatchOffset } from '../protocol/records/batch-header.ts';
import { layoutBatches } from './batch-layout.ts';
import { rejectKeylessRecords } from './compacted-topic-rules.ts';
import { ListenerSet } from './listener-set.ts';
import { fsyncDirectory } from './file-sync.ts';
import { stampLogAppendTime } from './log-append-time.ts';
import type { LogConfig } from './log-config.ts';
import { readBatches } from './log-reader.ts';
import { recoverSegments, type RecoverySummary } from './log-recovery.ts';
import { LogStartOffsetCheckpoint } from './log-start-offset-checkpoint.ts';
import { loadProducerState } from './producer-state-loader.ts';
import { captureSnapshot, removeSnapshotsBelow } from './producer-state-snapshot.ts';
import type { ProducerState } from './producer-state.ts';
import { deletableSegmentCount, segmentsBelowLogStart } from './retention.ts';
import { rollReason } from './roll-policy.ts';
import { LogSegment, type AppendedBatch, type SegmentSettings } from './segment.ts';
import { SegmentList } from './segment-list.ts';
import { SerialQueue } from './serial-queue.ts';
import {
  ListOffsetsTimestamp,
  NO_OFFSET,
  maxTimestampOffset,
  offsetForTimestamp,
  type OffsetAndTimestamp,
} from './timestamp-lookup.ts';

export interface PartitionLogOptions {
  readonly dir: string;
  readonly topic: string;
  readonly partition: number;
  readonly config: LogConfig;
  /** The previous run closed cleanly: recovery only cheap-checks the tail. Default false. */
  readonly cleanShutdown?: boolean;
  /** Clock for timestamps, segment.ms, retention.ms and flush.ms. Default Date.now. */
  readonly now?: () => number;
  /** producer.id.expiration.ms: idle time after which a producer's state is forgotten. Default one day. */
  readonly producerIdExpirationMs?: number;
}

export interface AppendResult {
  readonly baseOffset: number;
  readonly lastOffset: number;
  /** The broker's timestamp when message.timestamp.type=LogAppendTime, else -1. */
  readonly logAppendTimeMs: number;
  readonly logStartOffset: number;
}

export interface ReadOptions {
  /** Return the first batch whole even when it exceeds maxBytes. Default true. */
  readonly minOneMessage?: boolean;
}

export interface ReadResult {
  /** Whole stored batches, concatenated. */
  readonly records: Buffer;
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly lastStableOffset: number;
}

export interface RetentionResult {
  readonly deletedSegments: number;
  readonly logStartOffset: number;
}

export type AppendListener = (log: PartitionLog, result: AppendResult) => void;

const EMPTY = Buffer.alloc(0);

export class PartitionLog {
  readonly topic: string;
  readonly partition: number;
  readonly dir: string;
  readonly recovery: RecoverySummary;
  /** Idempotent producers' epochs and recent sequences, checked on append. */
  readonly producers: ProducerState;
  private logConfig: LogConfig;
  private readonly segments: SegmentList;
  private startOffset: number;
  private readonly checkpoint: LogStartOffsetCheckpoint;
  private readonly now: () => number;
  private readonly listeners = new ListenerSet<[PartitionLog, AppendResult]>();
  private readonly background = new Set<Promise<void>>();
  /** Segment-list changes that take many steps (retention, DeleteRecords, compaction) run one at a time. */
  private readonly maintenance = new SerialQueue();
  private flushRequestedOffset: number;
  private lastFlushMs: number;
  private failure: KafkaProtocolError | null = null;
  private closed = false;

  private constructor(options: PartitionLogOptions, segments: LogSegment[], recovery: RecoverySummary, checkpointed: number) {
    this.topic = options.topic;
    this.partition = options.partition;
    this.dir = options.dir;
    this.logConfig = options.config;
    this.now = options.now ?? Date.now;
    this.recovery = recovery;
    this.segments = new SegmentList(segments);
    this.startOffset = Math.min(Math.max(checkpointed, this.segments.first.baseOffset), this.logEndOffset);
    this.checkpoint = new LogStartOffsetCheckpoint(this.dir, this.startOffset);
    this.producers = loadProducerState({
      dir: this.dir,
      name: this.name,
      segments: this.segments,
      nowMs: this.now(),
      expirationMs: options.producerIdExpirationMs,
    }).state;
    this.flushRequestedOffset = this.logEndOffset;
    this.lastFlushMs = this.now();
  }

  /** Opens (creating if needed) and recovers the partition directory. */
  static async open(options: PartitionLogOptions): Promise<PartitionLog> {
    mkdirSync(options.dir, { recursive: true });
    const now = options.now ?? Date.now;
    const settings = (): SegmentSettings => segmentSettings(options.config);
    const recovered = recoverSegments({
      dir: options.dir,
      cleanShutdown: options.cleanShutdown ?? false,
      nowMs: now(),
      settings,
    });
    const checkpointed = LogStartOffsetCheckpoint.read(options.dir);
    const segments = recovered.segments.length > 0
      ? recovered.segments
      : [LogSegment.create(options.dir, checkpointed, settings())];
    const log = new PartitionLog(options, segments, recovered.summary, checkpointed);
    // Replayed index entries reach disk only once the data they describe is known to be durable.
    const active = log.segments.active;
    try {
      await Promise.all(recovered.replayed.map((segment) => (segment === active ? segment.flush() : segment.seal())));
    } catch (err) {
      await log.close();
      throw isFileSystemError(err) ? storageError(log, err) : err;
    }
    return log;
  }

  get config(): LogConfig {
    return this.logConfig;
  }

  get logStartOffset(): number {
    return this.startOffset;
  }

  get logEndOffset(): number {
    return this.segments.active.nextOffset;
  }

  get highWatermark(): number {
    return this.logEndOffset;
  }

  get lastStableOffset(): number {
    return this.logEndOffset;
  }

  get sizeInBytes(): number {
    return this.segments.totalBytes();
  }

  get segmentBaseOffsets(): number[] {
    return this.segments.all().map((segment) => segment.baseOffset);
  }

  get isOffline(): boolean {
    return this.failure !== null;
  }

  /**
   * Appends validated record batches (one or more, concatenated), assigning offsets from the log end
   * offset. Rewrites baseOffset and partitionLeaderEpoch (and, for LogAppendTime, the timestamp and CRC)
   * in `batches` itself, then stores those bytes.
   */
  append(batches: Buffer, leaderEpoch = 0): AppendResult {
    this.ensureUsable();
    const config = this.logConfig;
    const incoming = layoutBatches(batches, config.maxMessageBytes);
    if (batches.length > config.segmentBytes) {
      throw new KafkaProtocolError(
        ErrorCode.RECORD_LIST_TOO_LARGE,
        `${batches.length} bytes of record batches exceed segment.bytes ${config.segmentBytes}`,
      );
    }
    if (config.compact) rejectKeylessRecords(batches, incoming, this.name);
    const nowMs = this.now();
    const baseOffset = this.logEndOffset;
    let nextOffset = baseOffset;
    for (const batch of incoming) nextOffset += batch.lastOffsetDelta + 1;
    const lastOffset = nextOffset - 1;
    const logAppendTimeMs = config.timestampType === 'LogAppendTime' ? nowMs : -1;
    const producerAppend = this.producers.prepareAppend(batches, incoming, baseOffset, logAppendTimeMs, nowMs);
    if (producerAppend.duplicate) {
      // A retry of batches already stored: answer with where they went, write nothing.
      const { firstOffset, lastOffset: duplicateLast, timestamp } = producerAppend.duplicate;
      const appendTime = config.timestampType === 'LogAppendTime' ? timestamp : -1;
      return { baseOffset: firstOffset, lastOffset: duplicateLast, logAppendTimeMs: appendTime, logStartOffset: this.startOffset };
    }
    try {
      let segment = this.segments.active;
      if (rollReason(segment, config, batches.length, lastOffset, nowMs) !== null) segment = this.roll(nowMs);
      const stored: AppendedBatch[] = new Array(incoming.length);
      let offset = baseOffset;
      for (let i = 0; i < incoming.length; i++) {
        const { position, size, lastOffsetDelta, maxTimestamp } = incoming[i];
        assignBatchOffset(batches, position, BigInt(offset), leaderEpoch);
        if (logAppendTimeMs >= 0) stampLogAppendTime(batches, position, size, logAppendTimeMs);
        const timestamp = logAppendTimeMs >= 0 ? logAppendTimeMs : maxTimestamp;
        stored[i] = { position, size, baseOffset: offset, lastOffset: offset + lastOffsetDelta, maxTimestamp: timestamp };
        offset += lastOffsetDelta + 1;
      }
      if (segment.rollStartMs === null) segment.rollStartMs = nowMs;
      segment.append(batches, stored);
    } catch (err) {
      throw this.fail(err);
    }
    producerAppend.commit();
    const result: AppendResult = { baseOffset, lastOffset, logAppendTimeMs, logStartOffset: this.startOffset };
    if (this.logEndOffset - this.flushRequestedOffset >= config.flushMessages) this.flushInBackground();
    this.listeners.emit(this, result);
    return result;
  }

  /**
   * Whole stored batches starting with the one holding fetchOffset, up to maxBytes. fetchOffset must lie
   * in [logStartOffset, logEndOffset] (OFFSET_OUT_OF_RANGE otherwise); at logEndOffset nothing is returned.
   */
  read(fetchOffset: number, maxBytes: number, options: ReadOptions = {}): ReadResult {
    this.ensureUsable();
    const end = this.logEndOffset;
    if (fetchOffset < this.startOffset || fetchOffset > end) {
      throw new KafkaProtocolError(
        ErrorCode.OFFSET_OUT_OF_RANGE,
        `offset ${fetchOffset} is outside [${this.startOffset}, ${end}] of ${this.name}`,
      );
    }
    let records: Buffer = EMPTY;
    if (fetchOffset < end) {
      try {
        records = readBatches(this.segments, fetchOffset, maxBytes, options.minOneMessage ?? true);
      } catch (err) {
        throw this.fail(err);
      }
    }
    return { records, highWatermark: end, logStartOffset: this.startOffset, lastStableOffset: end };
  }

  /**
   * ListOffsets: a timestamp in ms, or one of ListOffsetsTimestamp's special values. Earliest/latest
   * carry timestamp -1; no match is { offset: -1, timestamp: -1 }.
   */
  offsetForTimestamp(timestamp: number): OffsetAndTimestamp {
    this.ensureUsable();
    try {
      switch (timestamp) {
        case ListOffsetsTimestamp.EARLIEST:
        case ListOffsetsTimestamp.EARLIEST_LOCAL:
          return { offset: this.startOffset, timestamp: -1 };
        case ListOffsetsTimestamp.LATEST:
          return { offset: this.logEndOffset, timestamp: -1 };
        case ListOffsetsTimestamp.MAX_TIMESTAMP:
          return maxTimestampOffset(this.segments.all());
      }
      if (timestamp < 0) return NO_OFFSET;
      return offsetForTimestamp(this.segments.all(), timestamp, this.startOffset);
    } catch (err) {
      throw this.fail(err);
    }
  }

  /**
   * DeleteRecords: advances the log start offset to beforeOffset (-1 = high watermark), persists it and
   * deletes segments wholly below it. Returns the new low watermark.
   */
  async deleteRecords(beforeOffset: number): Promise<number> {
    this.ensureUsable();
    const target = beforeOffset === -1 ? this.highWatermark : beforeOffset;
    if (target < 0 || target > this.highWatermark) {
      throw new KafkaProtocolError(
        ErrorCode.OFFSET_OUT_OF_RANGE,
        `cannot delete records before ${beforeOffset}: high watermark of ${this.name} is ${this.highWatermark}`,
      );
    }
    if (target > this.startOffset) {
      this.startOffset = target;
      try {
        await this.checkpoint.save(target);
        await this.maintenance.run(() => this.deleteOldest(segmentsBelowLogStart(this.segments.all(), this.startOffset)));
      } catch (err) {
        throw this.fail(err);
      }
    }
    return this.startOffset;
  }

  /** Deletes the oldest segments that retention (or the log start offset) no longer needs. */
  applyRetention(): Promise<RetentionResult> {
    return this.maintenance.run(async () => {
      if (this.closed || this.failure) return { deletedSegments: 0, logStartOffset: this.startOffset };
      const nowMs = this.now();
      const count = deletableSegmentCount(this.segments.all(), this.logConfig, nowMs, this.startOffset);
      if (count === 0) return { deletedSegments: 0, logStartOffset: this.startOffset };
      try {
        if (count === this.segments.count) this.roll(nowMs);
        const deletedSegments = await this.deleteOldest(count);
        return { deletedSegments, logStartOffset: this.startOffset };
      } catch (err) {
        throw this.fail(err);
      }
    });
  }

  /**
   * Log compaction (compaction-pass.ts) rewrites closed segments through this: `work` runs one at a time
   * with retention, DeleteRecords and close, and not at all (null) once the log is closed or offline. A
   * file-system error from `work` takes the partition offline, as the directory may be mid-change.
   */
  withSegments<T>(work: (segments: SegmentList) => Promise<T>): Promise<T | null> {
    return this.maintenance.run(async () => {
      if (this.closed || this.failure) return null;
      try {
        return await work(this.segments);
      } catch (err) {
        throw this.fail(err);
      }
    });
  }

  /** fsyncs everything appended so far (a closed log has nothing left to flush). */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.closed) return;
    this.flushRequestedOffset = this.logEndOffset;
    this.lastFlushMs = this.now();
    try {
      await Promise.all([this.segments.active.flush(), ...this.background]);
    } catch (err) {
      throw this.fail(err);
    }
  }

  /** Starts a flush when unflushed data is older than flush.ms (called periodically). */
  flushIfDue(nowMs: number = this.now()): void {
    if (this.closed || this.failure || this.logEndOffset === this.flushRequestedOffset) return;
    if (nowMs - this.lastFlushMs >= this.logConfig.flushMs) this.flushInBackground();
  }

  updateConfig(config: LogConfig): void {
    this.logConfig = config;
    this.segments.active.updateSettings(config.indexIntervalBytes, config.segmentIndexBytes);
  }

  /** Called after every successful append (to wake waiting fetches). Returns an unsubscribe function. */
  onAppend(listener: AppendListener): () => void {
    return this.listeners.add(listener);
  }

  /** Flushes and closes every file. Later calls on this log fail with UNKNOWN_TOPIC_OR_PARTITION. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.maintenance.run(async () => undefined);
    while (this.background.size > 0) await Promise.all(this.background);
    if (!this.failure) {
      try {
        await this.segments.active.flushFully();
        await captureSnapshot(this.dir, this.logEndOffset, this.producers, this.now())();
      } catch (err) {
        this.fail(err);
      }
    }
    await this.checkpoint.idle();
    for (const segment of this.segments.all()) await segment.close();
  }

  private get name(): string {
    return `${this.topic}-${this.partition}`;
  }

  private async deleteOldest(count: number): Promise<number> {
    const removed = this.segments.removeOldest(count);
    if (removed.length === 0) return 0;
    this.startOffset = Math.max(this.startOffset, this.segments.first.baseOffset);
    // Reads are synchronous, so none can be using a segment once it has left the list; oldest first,
    // so a crash midway never leaves a hole in the log.
    for (const segment of removed) await segment.removeFiles();
    await removeSnapshotsBelow(this.dir, this.startOffset);
    return removed.length;
  }

  private roll(nowMs: number): LogSegment {
    const previous = this.segments.active;
    const next = LogSegment.create(this.dir, this.logEndOffset, segmentSettings(this.logConfig));
    next.rollStartMs = nowMs;
    this.segments.add(next);
    // The producer state snapshot at the roll is written once the bytes it covers are durable.
    const saveProducers = captureSnapshot(this.dir, next.baseOffset, this.producers, nowMs);
    this.runInBackground(
      previous.seal()
        .then(() => fsyncDirectory(this.dir))
        .then(saveProducers)
        .then(() => removeSnapshotsBelow(this.dir, this.startOffset)),
    );
    return next;
  }

  private flushInBackground(): void {
    this.runInBackground(this.flush());
  }

  /** Background durability work; a failure takes the partition offline. */
  private runInBackground(work: Promise<void>): void {
    const tracked: Promise<void> = work
      .catch((err: unknown) => {
        this.fail(err);
      })
      .finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }

  private ensureUsable(): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new KafkaProtocolError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `${this.name} is closed`);
  }

  /** File-system errors take the partition offline; anything else is passed through unchanged. */
  private fail(err: unknown): unknown {
    if (!isFileSystemError(err)) return err;
    if (!this.failure) {
      this.failure = storageError(this, err);
      process.emitWarning(this.failure.message, { code: 'SLUICE_LOG_OFFLINE' });
    }
    return this.failure;
  }
}

function isFileSystemError(err: unknown): boolean {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string';
}

function storageError(log: PartitionLog, err: unknown): KafkaProtocolError {
  const reason = err instanceof Error ? err.message : String(err);
  return new KafkaProtocolError(ErrorCode.KAFKA_STORAGE_ERROR, `${log.topic}-${log.partition} is offline: ${reason}`);
}

function segmentSettings(config: LogConfig): SegmentSettings {
  const jitterBound = Math.min(config.segmentJitterMs, config.segmentMs);
  return {
    indexIntervalBytes: config.indexIntervalBytes,
    segmentIndexBytes: config.segmentIndexBytes,
    rollJitterMs: jitterBound > 0 ? Math.floor(Math.random() * jitterBound) : 0,
  };
}
