/**
 * Writes the batches compaction keeps into <base>.log.cleaned (step 1 of the swap protocol in
 * compaction-swap.ts), remembering where each batch went so the cleaned segment's indexes can be built
 * without reading it back. Writes are buffered into large sequential writes.
 */
import { closeSync, constants, openSync, unlinkSync, writeSync } from 'node:fs';
import { BatchOffset } from '../protocol/records/batch-header.ts';
import { cleanedSegmentPath } from './compaction-swap.ts';
import { fsyncFd } from './file-sync.ts';
import { readInt64 } from './int64.ts';

const WRITE_CHUNK_BYTES = 1024 * 1024;

export interface WrittenBatch {
  readonly position: number;
  readonly size: number;
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly maxTimestamp: number;
}

export class CleanedSegmentWriter {
  readonly path: string;
  readonly batches: WrittenBatch[] = [];
  private readonly fd: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written = 0;
  private open = true;

  constructor(dir: string, baseOffset: number) {
    this.path = cleanedSegmentPath(dir, baseOffset);
    this.fd = openSync(this.path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o644);
  }

  get size(): number {
    return this.written + this.pendingBytes;
  }

  /** Appends one whole batch; `batch` may be reused by the caller afterwards. */
  write(batch: Buffer): void {
    this.batches.push({
      position: this.size,
      size: batch.length,
      baseOffset: readInt64(batch, BatchOffset.baseOffset),
      lastOffset: readInt64(batch, BatchOffset.baseOffset) + batch.readInt32BE(BatchOffset.lastOffsetDelta),
      maxTimestamp: readInt64(batch, BatchOffset.maxTimestamp),
    });
    this.pending.push(Buffer.from(batch));
    this.pendingBytes += batch.length;
    if (this.pendingBytes >= WRITE_CHUNK_BYTES) this.drain();
  }

  /** Writes what is buffered, fsyncs and closes the file. */
  async finish(): Promise<void> {
    this.drain();
    await fsyncFd(this.fd);
    this.close();
  }

  /** Closes and deletes the file (cleaning abandoned before the swap committed). */
  discard(): void {
    this.close();
    try {
      unlinkSync(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  private drain(): void {
    if (this.pendingBytes === 0) return;
    const chunk = Buffer.concat(this.pending, this.pendingBytes);
    let done = 0;
    while (done < chunk.length) done += writeSync(this.fd, chunk, done, chunk.length - done, this.written + done);
    this.written += chunk.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  private close(): void {
    if (!this.open) return;
    this.open = false;
    closeSync(this.fd);
  }
}
