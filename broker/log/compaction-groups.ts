/**
 * Splits the segments a compaction pass rewrites into runs that each become one cleaned segment:
 * consecutive segments whose combined size fits segment.bytes (cleaning only shrinks them) and whose
 * offsets fit the indexes' 32-bit relative offsets. Merging keeps a compacted log from piling up ever
 * smaller segments.
 */
import type { LogSegment } from './segment.ts';

const MAX_RELATIVE_OFFSET = 2 ** 31 - 1;

export interface SegmentGroup {
  readonly segments: readonly LogSegment[];
  /** The base offset of the segment after the group: the group covers [segments[0].baseOffset, endOffset). */
  readonly endOffset: number;
}

/** `followingBaseOffset` is the base offset of the segment after the last of `segments`. */
export function groupSegments(segments: readonly LogSegment[], followingBaseOffset: number, maxBytes: number): SegmentGroup[] {
  const endOf = (i: number): number => (i + 1 < segments.length ? segments[i + 1].baseOffset : followingBaseOffset);
  const groups: SegmentGroup[] = [];
  let first = 0;
  while (first < segments.length) {
    let last = first;
    let bytes = segments[first].size;
    while (
      last + 1 < segments.length
      && bytes + segments[last + 1].size <= maxBytes
      && endOf(last + 1) - 1 - segments[first].baseOffset <= MAX_RELATIVE_OFFSET
    ) {
      last++;
      bytes += segments[last].size;
    }
    groups.push({ segments: segments.slice(first, last + 1), endOffset: endOf(last) });
    first = last + 1;
  }
  return groups;
}
