/**
 * Compaction progress of one partition, in <partition dir>/cleaner-offset-checkpoint: the first dirty
 * offset (records below it have been compacted against each other) and the earliest delete horizon of
 * the tombstones compaction kept, so the cleaner knows when a pass would remove some. Replaced
 * atomically after each pass. A missing or unreadable file only costs work: everything counts as dirty,
 * and the next pass recomputes both values.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AtomicFile } from './atomic-file.ts';

export const CLEANER_CHECKPOINT_FILE = 'cleaner-offset-checkpoint';

export interface CleanerCheckpoint {
  readonly firstDirtyOffset: number;
  /** -1 when no kept tombstone carries a delete horizon. */
  readonly deleteHorizonMs: number;
}

export const NOTHING_CLEANED: CleanerCheckpoint = Object.freeze({ firstDirtyOffset: 0, deleteHorizonMs: -1 });

export function readCleanerCheckpoint(dir: string): CleanerCheckpoint {
  let text: string;
  try {
    text = readFileSync(join(dir, CLEANER_CHECKPOINT_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return NOTHING_CLEANED;
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as Partial<CleanerCheckpoint>;
    const { firstDirtyOffset, deleteHorizonMs } = parsed;
    if (isOffset(firstDirtyOffset) && Number.isSafeInteger(deleteHorizonMs)) {
      return { firstDirtyOffset, deleteHorizonMs: deleteHorizonMs as number };
    }
  } catch {
    // Unreadable: start over, below.
  }
  return NOTHING_CLEANED;
}

export function saveCleanerCheckpoint(dir: string, checkpoint: CleanerCheckpoint): Promise<void> {
  const content = `${JSON.stringify({ firstDirtyOffset: checkpoint.firstDirtyOffset, deleteHorizonMs: checkpoint.deleteHorizonMs })}\n`;
  return new AtomicFile(join(dir, CLEANER_CHECKPOINT_FILE), () => content).write();
}

function isOffset(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
