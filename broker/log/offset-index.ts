/**
 * Sparse offset index of one segment. Entry: offset - baseOffset (i32) + file position (i32), both strictly
 * increasing. Each entry holds a batch's base offset and that batch's position, so a forward scan from the
 * floor entry reaches every offset of the segment at or after it.
 */
import { IndexOverFile } from './index-over-file.ts';

export const OFFSET_INDEX_ENTRY_BYTES = 8;

export interface IndexedPosition {
  readonly offset: number;
  readonly position: number;
}

export class OffsetIndex extends IndexOverFile {
  constructor(path: string, baseOffset: number, maxIndexBytes: number) {
    super(path, baseOffset, maxIndexBytes, OFFSET_INDEX_ENTRY_BYTES);
  }

  setMaxIndexBytes(maxIndexBytes: number): void {
    this.file.maxEntries = Math.floor(maxIndexBytes / OFFSET_INDEX_ENTRY_BYTES);
  }

  /**
   * Loads the file and checks it: whole entries, strictly increasing, positions inside the log and
   * relative offsets below `relativeOffsetLimit`. A damaged index is emptied and false returned.
   */
  load(logSize: number, relativeOffsetLimit: number): boolean {
    if (this.file.load() && this.entriesAreSane(logSize, relativeOffsetLimit)) return true;
    this.file.clear();
    return false;
  }

  get entryCount(): number {
    return this.file.entryCount;
  }

  get isFull(): boolean {
    return this.file.isFull;
  }

  /** Ignored when full or when the entry would not extend the index. */
  append(offset: number, position: number): void {
    if (this.file.isFull) return;
    const count = this.file.entryCount;
    if (count > 0) {
      const last = this.entryAt(count - 1);
      if (offset <= last.offset || position <= last.position) return;
    }
    const at = this.file.push();
    this.file.bytes.writeInt32BE(offset - this.baseOffset, at);
    this.file.bytes.writeInt32BE(position, at + 4);
  }

  /** The greatest entry with offset <= target, or the segment start. */
  lookup(offset: number): IndexedPosition {
    const bytes = this.file.bytes;
    const relative = offset - this.baseOffset;
    let low = 0;
    let high = this.file.entryCount - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (bytes.readInt32BE(mid * OFFSET_INDEX_ENTRY_BYTES) <= relative) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found < 0 ? { offset: this.baseOffset, position: 0 } : this.entryAt(found);
  }

  /** The last entry, or the segment start when empty. */
  last(): IndexedPosition {
    const count = this.file.entryCount;
    return count === 0 ? { offset: this.baseOffset, position: 0 } : this.entryAt(count - 1);
  }

  /** Drops entries pointing at or beyond `position`. */
  truncateToPosition(position: number): void {
    let keep = this.file.entryCount;
    while (keep > 0 && this.entryAt(keep - 1).position >= position) keep--;
    this.file.truncate(keep);
  }


  private entryAt(index: number): IndexedPosition {
    const at = index * OFFSET_INDEX_ENTRY_BYTES;
    return {
      offset: this.baseOffset + this.file.bytes.readInt32BE(at),
      position: this.file.bytes.readInt32BE(at + 4),
    };
  }

  private entriesAreSane(logSize: number, relativeOffsetLimit: number): boolean {
    let previousOffset = -1;
    let previousPosition = -1;
    for (let i = 0; i < this.file.entryCount; i++) {
      const at = i * OFFSET_INDEX_ENTRY_BYTES;
      const relative = this.file.bytes.readInt32BE(at);
      const position = this.file.bytes.readInt32BE(at + 4);
      if (relative <= previousOffset || position <= previousPosition) return false;
      if (relative >= relativeOffsetLimit || position >= logSize) return false;
      previousOffset = relative;
      previousPosition = position;
    }
    return true;
  }
}
