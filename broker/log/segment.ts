/**
 * One log segment: a .log file of record batches exactly as stored, plus its sparse offset and time
 * indexes. Appends are synchronous positional writes at the tail (they land in the page cache); fsync is
 * asynchronous and coalesced. Index entries are persisted only after the log bytes they describe are
 * fsynced, time index before offset index, so on disk an offset entry implies its time entry and both
 * point at durable data. Size, next offset and the largest timestamp are tracked in memory.
 */
import { closeSync, constants, fstatSync, ftruncateSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { BatchScanner } from './batch-scanner.ts';
import { CoalescingTask } from './coalescing-task.ts';
import { fsyncFd } from './file-sync.ts';
import { OffsetIndex } from './offset-index.ts';
import { segmentPaths, type SegmentPaths } from './segment-files.ts';
import { TimeIndex } from './time-index.ts';

export interface SegmentSettings {
  readonly indexIntervalBytes: number;
  readonly segmentIndexBytes: number;
  /** Subtracted from segment.ms for this segment, so segments of many partitions do not roll together. */
  readonly rollJitterMs: number;
}

/** A batch of an append, positioned relative to the start of the appended buffer. */
export interface AppendedBatch {
  readonly position: number;
  readonly size: number;
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly maxTimestamp: number;
}

export class LogSegment {
  readonly baseOffset: number;
  readonly paths: SegmentPaths;
  readonly offsetIndex: OffsetIndex;
  readonly timeIndex: TimeIndex;
  readonly rollJitterMs: number;
  /** When segment.ms starts counting for this segment; null until it holds data. */
  rollStartMs: number | null = null;
  private readonly logFd: number;
  private readonly flusher: CoalescingTask;
  private indexIntervalBytes: number;
  private sizeBytes = 0;
  private next: number;
  private maxTimestampSeen = -1;
  private offsetOfMaxTimestampSeen = -1;
  private bytesSinceIndexEntry = 0;
  /** fsyncs under way; the files must stay open until they finish. */
  private readonly syncing = new Set<Promise<void>>();
  private closed = false;

  private constructor(dir: string, baseOffset: number, settings: SegmentSettings, fresh: boolean) {
    this.baseOffset = baseOffset;
    this.next = baseOffset;
    this.paths = segmentPaths(dir, baseOffset);
    this.rollJitterMs = settings.rollJitterMs;
    this.indexIntervalBytes = settings.indexIntervalBytes;
    const flags = constants.O_RDWR | constants.O_CREAT | (fresh ? constants.O_TRUNC : 0);
    this.logFd = openSync(this.paths.log, flags, 0o644);
    this.offsetIndex = new OffsetIndex(this.paths.offsetIndex, baseOffset, settings.segmentIndexBytes);
    this.timeIndex = new TimeIndex(this.paths.timeIndex, baseOffset, settings.segmentIndexBytes);
    if (fresh) {
      this.offsetIndex.clear();
      this.timeIndex.clear();
    } else {
      this.sizeBytes = fstatSync(this.logFd).size;
    }
    this.flusher = new CoalescingTask(() => this.syncOnce());
  }

  /** A new, empty segment (any leftover files with its name are emptied). */
  static create(dir: string, baseOffset: number, settings: SegmentSettings): LogSegment {
    return new LogSegment(dir, baseOffset, settings, true);
  }

  /** An existing segment; recovery loads its indexes and establishes its tracked state. */
  static open(dir: string, baseOffset: number, settings: SegmentSettings): LogSegment {
    return new LogSegment(dir, baseOffset, settings, false);
  }

  get size(): number {
    return this.sizeBytes;
  }

  get isEmpty(): boolean {
    return this.sizeBytes === 0;
  }

  /** Last offset + 1 of the batches tracked so far (baseOffset when empty). */
  get nextOffset(): number {
    return this.next;
  }

  /** Largest batch maxTimestamp in the segment, -1 if none. */
  get maxTimestamp(): number {
    return this.maxTimestampSeen;
  }

  /** Base offset of the first batch carrying maxTimestamp, -1 if none. */
  get offsetOfMaxTimestamp(): number {
    return this.offsetOfMaxTimestampSeen;
  }

  updateSettings(indexIntervalBytes: number, segmentIndexBytes: number): void {
    this.indexIntervalBytes = indexIntervalBytes;
    this.offsetIndex.setMaxIndexBytes(segmentIndexBytes);
    this.timeIndex.setMaxIndexBytes(segmentIndexBytes);
  }

  /** Writes `buf` at the tail and indexes its batches. */
  append(buf: Buffer, batches: readonly AppendedBatch[]): void {
    const start = this.sizeBytes;
    let written = 0;
    while (written < buf.length) written += writeSync(this.logFd, buf, written, buf.length - written, start + written);
    for (const batch of batches) {
      this.track(start + batch.position, batch.size, batch.baseOffset, batch.lastOffset, batch.maxTimestamp);
    }
  }

  /** Accounts for a batch stored at `position` (appends, and recovery replaying what is on disk). */
  track(position: number, size: number, baseOffset: number, lastOffset: number, maxTimestamp: number): void {
    if (maxTimestamp > this.maxTimestampSeen) {
      this.maxTimestampSeen = maxTimestamp;
      this.offsetOfMaxTimestampSeen = baseOffset;
    }
    if (this.bytesSinceIndexEntry >= this.indexIntervalBytes) {
      this.offsetIndex.append(baseOffset, position);
      this.timeIndex.maybeAppend(this.maxTimestampSeen, this.offsetOfMaxTimestampSeen);
      this.bytesSinceIndexEntry = 0;
    }
    this.bytesSinceIndexEntry += size;
    this.sizeBytes = position + size;
    this.next = lastOffset + 1;
  }

  /**
   * Recovery: forget what was tracked from `position` on, where the batch starting at `offset` sits
   * (position 0 = the whole segment), so the batches from there can be replayed through track().
   */
  rewindTo(position: number, offset: number): void {
    if (position === 0) {
      this.offsetIndex.clear();
      this.timeIndex.clear();
    } else {
      this.offsetIndex.truncateToPosition(position + 1);
      this.timeIndex.truncateToOffset(offset);
    }
    const lastTime = this.timeIndex.last();
    this.maxTimestampSeen = lastTime ? lastTime.timestamp : -1;
    this.offsetOfMaxTimestampSeen = lastTime ? lastTime.offset : -1;
    this.bytesSinceIndexEntry = 0;
    this.sizeBytes = position;
    this.next = Math.max(offset, this.baseOffset);
  }

  /** Recovery of a closed segment trusted as is: its state comes from its indexes. */
  adoptIndexedState(nextOffset: number): void {
    const lastTime = this.timeIndex.last();
    this.maxTimestampSeen = lastTime ? lastTime.timestamp : -1;
    this.offsetOfMaxTimestampSeen = lastTime ? lastTime.offset : -1;
    this.next = nextOffset;
  }

  /** Cuts the file after the tracked batches (a torn or corrupt tail). */
  truncateToTracked(): void {
    ftruncateSync(this.logFd, this.sizeBytes);
    this.offsetIndex.truncateToPosition(this.sizeBytes);
    this.timeIndex.truncateToOffset(this.next);
  }

  fileSize(): number {
    return fstatSync(this.logFd).size;
  }

  lastModifiedMs(): number {
    return fstatSync(this.logFd).mtimeMs;
  }

  /** Headers of the stored batches in [start, end). */
  scan(start: number, end: number = this.sizeBytes, chunkBytes?: number): BatchScanner {
    return new BatchScanner(this.logFd, start, end, chunkBytes);
  }

  /** Reads up to `length` bytes at `position` into a new buffer (shorter at end of file). */
  read(position: number, length: number): Buffer {
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(this.logFd, buf, got, length - got, position + got);
      if (n === 0) break;
      got += n;
    }
    return got === length ? buf : buf.subarray(0, got);
  }

  /** fsyncs the log, then persists the index entries that describe the synced bytes. */
  flush(): Promise<void> {
    return this.closed ? Promise.resolve() : this.whileOpen(this.flusher.run());
  }

  /** A segment that stops being active records its final max timestamp and becomes durable. */
  async seal(): Promise<void> {
    this.timeIndex.appendFinal(this.maxTimestampSeen, this.offsetOfMaxTimestampSeen);
    await this.flushFully();
  }

  /** Log and both index files fsynced. */
  flushFully(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return this.whileOpen((async () => {
      await this.flush();
      if (!this.closed) await Promise.all([this.timeIndex.sync(), this.offsetIndex.sync()]);
    })());
  }

  /** Waits for fsyncs under way (an fd must not be closed under one), then closes the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.syncing.size > 0) await Promise.allSettled([...this.syncing]);
    closeSync(this.logFd);
    this.offsetIndex.close();
    this.timeIndex.close();
  }

  async removeFiles(): Promise<void> {
    await this.close();
    for (const path of [this.paths.log, this.paths.offsetIndex, this.paths.timeIndex]) {
      try {
        unlinkSync(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }

  private whileOpen(work: Promise<void>): Promise<void> {
    const tracked = work.finally(() => this.syncing.delete(tracked));
    this.syncing.add(tracked);
    return tracked;
  }

  private async syncOnce(): Promise<void> {
    const timeEntries = this.timeIndex.entryCount;
    const offsetEntries = this.offsetIndex.entryCount;
    await fsyncFd(this.logFd);
    this.timeIndex.persist(timeEntries);
    this.offsetIndex.persist(offsetEntries);
  }
}
