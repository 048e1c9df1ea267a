/**
 * How log compaction replaces a run of closed segments, those with base offsets in [base, end), by one
 * cleaned segment with base offset `base`, so that a crash at any point leaves a readable log holding
 * either the old segments or the cleaned one, never neither and never both:
 *
 *   1. The cleaned batches are written to <base>.log.cleaned, which is fsynced.
 *   2. It is renamed to <base>.log.<end>.swap and the directory fsynced. This is the commit point: from
 *      here on the replacement is completed, before it the cleaned file is thrown away.
 *   3. Every .log/.index/.timeindex file of a segment with base offset in [base, end) is deleted and the
 *      directory fsynced. The open descriptors of the old segments keep serving reads meanwhile.
 *   4. The swap file is renamed to <base>.log and the directory fsynced; the caller then opens it and
 *      writes its indexes.
 *
 * Recovery (completeInterruptedSwaps, run before a partition's segments are opened) deletes .cleaned
 * files (the old segments are intact) and redoes steps 3 and 4 for every .swap file. The replaced
 * segments' indexes are gone by then, so recovery rebuilds those of the cleaned segment from its data.
 * The end offset is part of the swap file's name because the cleaned data alone cannot tell where the
 * replaced run ended once the records at its end have all been compacted away.
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync } from 'node:fs';
import { readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDirectory } from './file-sync.ts';
import { LOG_SUFFIX, parseSegmentFileName, segmentFileName } from './segment-files.ts';

const CLEANED_SUFFIX = '.cleaned';
const SWAP_FILE = /^(\d{20})\.log\.(\d{20})\.swap$/;

export function cleanedSegmentPath(dir: string, baseOffset: number): string {
  return join(dir, segmentFileName(baseOffset, LOG_SUFFIX) + CLEANED_SUFFIX);
}

function swapFileName(baseOffset: number, endOffset: number): string {
  return `${segmentFileName(baseOffset, LOG_SUFFIX)}.${String(endOffset).padStart(20, '0')}.swap`;
}

/** Step 2: after this the replacement of [baseOffset, endOffset) happens even if the process dies. */
export async function commitSwap(dir: string, baseOffset: number, endOffset: number): Promise<void> {
  await rename(cleanedSegmentPath(dir, baseOffset), join(dir, swapFileName(baseOffset, endOffset)));
  await fsyncDirectory(dir);
}

/** Steps 3 and 4; the old segments' open descriptors stay valid and are the caller's to close. */
export async function finishSwap(dir: string, baseOffset: number, endOffset: number): Promise<void> {
  for (const name of replacedFiles(await readdir(dir), baseOffset, endOffset)) await unlinkIfPresent(join(dir, name));
  await fsyncDirectory(dir);
  await rename(join(dir, swapFileName(baseOffset, endOffset)), join(dir, segmentFileName(baseOffset, LOG_SUFFIX)));
  await fsyncDirectory(dir);
}

/**
 * Start-up: rolls back cleaning that had not committed and completes swaps that had. Returns how many
 * swaps were completed.
 */
export function completeInterruptedSwaps(dir: string): number {
  const names = readdirSync(dir);
  let changed = false;
  let completed = 0;
  for (const name of names) {
    if (!name.endsWith(CLEANED_SUFFIX)) continue;
    unlinkSync(join(dir, name));
    changed = true;
  }
  for (const name of names) {
    const swap = SWAP_FILE.exec(name);
    if (!swap) continue;
    const baseOffset = Number(swap[1]);
    for (const replaced of replacedFiles(readdirSync(dir), baseOffset, Number(swap[2]))) {
      unlinkSync(join(dir, replaced));
    }
    renameSync(join(dir, name), join(dir, segmentFileName(baseOffset, LOG_SUFFIX)));
    changed = true;
    completed++;
  }
  if (changed) fsyncDirectorySync(dir);
  return completed;
}

/** Segment files (log and indexes) with base offsets in [baseOffset, endOffset). */
function replacedFiles(names: readonly string[], baseOffset: number, endOffset: number): string[] {
  return names.filter((name) => {
    const parsed = parseSegmentFileName(name);
    return parsed !== null && parsed.baseOffset >= baseOffset && parsed.baseOffset < endOffset;
  });
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function fsyncDirectorySync(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
