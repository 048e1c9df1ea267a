/**
 * When the active segment must be rolled before an append: Kafka's reasons (segment.bytes, segment.ms
 * minus this segment's jitter, a full index, relative offsets outgrowing the index's i32). An empty
 * segment never rolls, so an oversized append cannot roll forever.
 */
import type { LogConfig } from './log-config.ts';
import type { LogSegment } from './segment.ts';

export type RollReason = 'segment.bytes' | 'segment.ms' | 'index-full' | 'offset-overflow';

const MAX_RELATIVE_OFFSET = 2 ** 31 - 1;

export function rollReason(
  segment: LogSegment,
  config: LogConfig,
  incomingBytes: number,
  incomingLastOffset: number,
  nowMs: number,
): RollReason | null {
  if (segment.isEmpty) return null;
  if (segment.size + incomingBytes > config.segmentBytes) return 'segment.bytes';
  if (segment.rollStartMs !== null && nowMs - segment.rollStartMs > config.segmentMs - segment.rollJitterMs) return 'segment.ms';
  if (segment.offsetIndex.isFull || segment.timeIndex.isFull) return 'index-full';
  if (incomingLastOffset - segment.baseOffset > MAX_RELATIVE_OFFSET) return 'offset-overflow';
  return null;
}
