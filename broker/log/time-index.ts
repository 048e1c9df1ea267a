/**
 * Sparse time index of one segment. Entry: timestamp (i64) + offset - baseOffset (i32). Each entry is the
 * largest batch timestamp seen so far in the segment and the base offset of the batch that carried it, so
 * timestamps strictly increase and every batch appended before the entry has maxTimestamp <= its timestamp.
 */
import { IndexOverFile } from './index-over-file.ts';
import { readInt64, writeInt64 } from './int64.ts';

export const TIME_INDEX_ENTRY_BYTES = 12;

export interface TimestampAndOffset {
  readonly timestamp: number;
  readonly offset: number;
}

export class TimeIndex extends IndexOverFile {
  constructor(path: string, baseOffset: number, maxIndexBytes: number) {
    super(path, baseOffset, maxIndexBytes, TIME_INDEX_ENTRY_BYTES);
  }

  setMaxIndexBytes(maxIndexBytes: number): void {
    this.file.maxEntries = Math.floor(maxIndexBytes / TIME_INDEX_ENTRY_BYTES);
  }

  /** Loads and checks the file (see OffsetIndex.load); a damaged index is emptied and false returned. */
  load(relativeOffsetLimit: number): boolean {
    if (this.file.load() && this.entriesAreSane(relativeOffsetLimit)) return true;
    this.file.clear();
    return false;
  }

  get entryCount(): number {
    return this.file.entryCount;
  }

  get isFull(): boolean {
    return this.file.isFull;
  }

  /** Adds an entry when the timestamp is newer than the last one and there is room. */
  maybeAppend(timestamp: number, offset: number): void {
    if (!this.file.isFull) this.appendIfNewer(timestamp, offset);
  }

  /** A sealed segment records its final maximum even when the index is full. */
  appendFinal(timestamp: number, offset: number): void {
    this.appendIfNewer(timestamp, offset);
  }

  /** The offset to start scanning from for records with timestamp >= target. */
  scanStartFor(timestamp: number): number {
    const bytes = this.file.bytes;
    let low = 0;
    let high = this.file.entryCount - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (readInt64(bytes, mid * TIME_INDEX_ENTRY_BYTES) < timestamp) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found < 0 ? this.baseOffset : this.entryAt(found).offset;
  }

  last(): TimestampAndOffset | null {
    const count = this.file.entryCount;
    return count === 0 ? null : this.entryAt(count - 1);
  }

  /** Drops entries naming `offset` or later. */
  truncateToOffset(offset: number): void {
    let keep = this.file.entryCount;
    while (keep > 0 && this.entryAt(keep - 1).offset >= offset) keep--;
    this.file.truncate(keep);
  }


  private appendIfNewer(timestamp: number, offset: number): void {
    if (timestamp < 0) return;
    const last = this.last();
    if (last && timestamp <= last.timestamp) return;
    const at = this.file.push();
    writeInt64(this.file.bytes, timestamp, at);
    this.file.bytes.writeInt32BE(offset - this.baseOffset, at + 8);
  }

  private entryAt(index: number): TimestampAndOffset {
    const at = index * TIME_INDEX_ENTRY_BYTES;
    return {
      timestamp: readInt64(this.file.bytes, at),
      offset: this.baseOffset + this.file.bytes.readInt32BE(at + 8),
    };
  }

  private entriesAreSane(relativeOffsetLimit: number): boolean {
    let previousTimestamp = -1;
    let previousOffset = 0;
    for (let i = 0; i < this.file.entryCount; i++) {
      const at = i * TIME_INDEX_ENTRY_BYTES;
      const timestamp = readInt64(this.file.bytes, at);
      const relative = this.file.bytes.readInt32BE(at + 8);
      if (timestamp <= previousTimestamp || relative < previousOffset || relative >= relativeOffsetLimit) return false;
      previousTimestamp = timestamp;
      previousOffset = relative;
    }
    return true;
  }
}
