/**
 * Walks the record batch headers stored in a file range without decoding records. Reads in chunks so a
 * run of small batches costs one read, and stops at the first header that cannot start a whole v2 batch,
 * saying why (recovery truncates there).
 */
import { readSync } from 'node:fs';
import { BATCH_OVERHEAD, BatchOffset, LOG_OVERHEAD } from '../protocol/records/batch-header.ts';
import { readInt64 } from './int64.ts';

const MAGIC_V2 = 2;

export interface StoredBatch {
  readonly position: number;
  readonly size: number;
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly maxTimestamp: number;
  readonly attributes: number;
}

export type ScanStop = 'end' | 'truncated' | 'bad-length' | 'bad-magic';

export class BatchScanner {
  private readonly fd: number;
  private readonly end: number;
  private readonly chunkBytes: number;
  private position: number;
  private chunk: Buffer;
  private chunkStart = 0;
  private chunkLength = 0;
  private stopReason: ScanStop | null = null;

  constructor(fd: number, start: number, end: number, chunkBytes = 64 * 1024) {
    this.fd = fd;
    this.position = start;
    this.end = end;
    this.chunkBytes = chunkBytes;
    this.chunk = Buffer.allocUnsafe(Math.min(chunkBytes, Math.max(end - start, BATCH_OVERHEAD)));
  }

  /** Why the scan ended, once next() has returned null. */
  get stop(): ScanStop | null {
    return this.stopReason;
  }

  /** Where the next batch would start: after a stop, the end of the last whole batch. */
  get nextPosition(): number {
    return this.position;
  }

  next(): StoredBatch | null {
    if (this.stopReason !== null) return null;
    const remaining = this.end - this.position;
    if (remaining === 0) return this.halt('end');
    if (remaining < BATCH_OVERHEAD) return this.halt('truncated');
    const at = this.ensure(this.position, BATCH_OVERHEAD);
    if (at < 0) return this.halt('truncated');
    const header = this.chunk;
    const size = header.readInt32BE(at + BatchOffset.batchLength) + LOG_OVERHEAD;
    if (size < BATCH_OVERHEAD) return this.halt('bad-length');
    if (header.readInt8(at + BatchOffset.magic) !== MAGIC_V2) return this.halt('bad-magic');
    if (size > remaining) return this.halt('truncated');
    const baseOffset = readInt64(header, at + BatchOffset.baseOffset);
    const batch: StoredBatch = {
      position: this.position,
      size,
      baseOffset,
      lastOffset: baseOffset + header.readInt32BE(at + BatchOffset.lastOffsetDelta),
      maxTimestamp: readInt64(header, at + BatchOffset.maxTimestamp),
      attributes: header.readInt16BE(at + BatchOffset.attributes),
    };
    this.position += size;
    return batch;
  }

  /** The whole batch's bytes; valid until the next call on this scanner. Null if the file is shorter. */
  bytesOf(batch: StoredBatch): Buffer | null {
    const at = this.ensure(batch.position, batch.size);
    return at < 0 ? null : this.chunk.subarray(at, at + batch.size);
  }

  private halt(reason: ScanStop): null {
    this.stopReason = reason;
    return null;
  }

  /** Makes [position, position + length) resident in the chunk; returns its index there, or -1. */
  private ensure(position: number, length: number): number {
    if (position >= this.chunkStart && position + length <= this.chunkStart + this.chunkLength) {
      return position - this.chunkStart;
    }
    const wanted = Math.min(Math.max(this.chunkBytes, length), this.end - position);
    if (wanted > this.chunk.length) this.chunk = Buffer.allocUnsafe(wanted);
    let got = 0;
    while (got < wanted) {
      const n = readSync(this.fd, this.chunk, got, wanted - got, position + got);
      if (n === 0) break;
      got += n;
    }
    this.chunkStart = position;
    this.chunkLength = got;
    return got >= length ? 0 : -1;
  }
}
