/**
 * A partition's segments in base-offset order; the last one is the active segment.
 */
import type { LogSegment } from './segment.ts';

export class SegmentList {
  private segments: LogSegment[];

  constructor(segments: LogSegment[]) {
    if (segments.length === 0) throw new Error('a log needs at least one segment');
    this.segments = segments;
  }

  get count(): number {
    return this.segments.length;
  }

  get active(): LogSegment {
    return this.segments[this.segments.length - 1];
  }

  get first(): LogSegment {
    return this.segments[0];
  }

  at(index: number): LogSegment {
    return this.segments[index];
  }

  all(): readonly LogSegment[] {
    return this.segments;
  }

  add(segment: LogSegment): void {
    if (segment.baseOffset <= this.active.baseOffset) {
      throw new Error(`segment ${segment.baseOffset} does not follow ${this.active.baseOffset}`);
    }
    this.segments.push(segment);
  }

  /** Index of the segment with the greatest base offset <= offset (0 when offset precedes them all). */
  floorIndex(offset: number): number {
    let low = 0;
    let high = this.segments.length - 1;
    let found = 0;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (this.segments[mid].baseOffset <= offset) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  /**
   * Log compaction: puts `replacement` in place of the consecutive closed segments `old`, whose offsets
   * it covers, in one step.
   */
  replace(old: readonly LogSegment[], replacement: LogSegment): void {
    const at = this.segments.indexOf(old[0]);
    const consecutive = at >= 0 && old.every((segment, i) => this.segments[at + i] === segment);
    if (!consecutive || at + old.length >= this.segments.length || replacement.baseOffset !== old[0].baseOffset) {
      throw new Error(`segment ${replacement.baseOffset} cannot replace ${old.length} segment(s) from ${old[0].baseOffset}`);
    }
    this.segments.splice(at, old.length, replacement);
  }

  /** Removes and returns the oldest `count` segments; the active one always stays. */
  removeOldest(count: number): LogSegment[] {
    return this.segments.splice(0, Math.min(count, this.segments.length - 1));
  }

  totalBytes(): number {
    let total = 0;
    for (const segment of this.segments) total += segment.size;
    return total;
  }
}
