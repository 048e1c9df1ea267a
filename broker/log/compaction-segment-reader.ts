/**
 * Walks every stored batch of a segment for compaction, in large reads, and names the segment and byte
 * position in any failure, so a corrupt batch is reported where it sits.
 */
import type { StoredBatch } from './batch-scanner.ts';
import type { LogSegment } from './segment.ts';

const READ_CHUNK_BYTES = 1024 * 1024;

/** `visit` gets each batch's bytes, valid only during the call. */
export function forEachStoredBatch(segment: LogSegment, visit: (bytes: Buffer, batch: StoredBatch) => void): void {
  const scanner = segment.scan(0, segment.size, READ_CHUNK_BYTES);
  for (let batch = scanner.next(); batch; batch = scanner.next()) {
    const bytes = scanner.bytesOf(batch);
    if (!bytes) throw unreadable(segment, batch.position, 'file shorter than expected');
    try {
      visit(bytes, batch);
    } catch (err) {
      throw unreadable(segment, batch.position, err instanceof Error ? err.message : String(err), err);
    }
  }
  if (scanner.stop !== 'end') throw unreadable(segment, scanner.nextPosition, scanner.stop ?? 'unknown');
}

function unreadable(segment: LogSegment, position: number, reason: string, cause?: unknown): Error {
  return new Error(`segment ${segment.baseOffset}, batch at byte ${position}: ${reason}`, { cause });
}
