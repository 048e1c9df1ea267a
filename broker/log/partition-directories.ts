/**
 * Partition directories in the data dir: <topic>-<partition>. A directory being deleted is first renamed
 * to <name>.<random>-delete (a name no partition can have, as those end in digits) and then removed, so a
 * crash midway leaves something recognisable that start-up finishes removing.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

const DELETE_SUFFIX = '-delete';

export function partitionDir(dataDir: string, topic: string, partition: number): string {
  return join(dataDir, `${topic}-${partition}`);
}

export async function removePartitionDir(dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  const doomed = `${dir}.${randomBytes(8).toString('hex')}${DELETE_SUFFIX}`;
  await rename(dir, doomed);
  await rm(doomed, { recursive: true, force: true });
}

export async function removeDirsMarkedForDeletion(dataDir: string): Promise<void> {
  const entries = await readdir(dataDir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.isDirectory() && entry.name.endsWith(DELETE_SUFFIX)) {
      await rm(join(dataDir, entry.name), { recursive: true, force: true });
    }
  }
}
