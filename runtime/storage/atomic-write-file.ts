/**
 * Replaces a file so that a crash at any point leaves either the old or the new content, never a mix:
 * write a temporary file beside it, fsync it, rename it over the target, fsync the directory (so the
 * rename itself survives a power loss).
 */
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let sequence = 0;

export async function atomicWriteFile(path: string, content: string | Buffer): Promise<void> {
  const temporary = join(dirname(path), `${temporaryPrefix(path)}${process.pid}.${sequence++}.tmp`);
  try {
    const file = await open(temporary, 'w', 0o644);
    try {
      await file.writeFile(content);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } catch {
    // Some platforms and file systems cannot fsync a directory; the rename is then as durable as they allow.
  } finally {
    await handle.close();
  }
}

/** Deletes temporary files a killed process left beside `path` (call while no one writes it). */
export async function removeStaleTemporaries(path: string): Promise<void> {
  const prefix = temporaryPrefix(path);
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(prefix) && n.endsWith('.tmp')).map((n) => rm(join(dirname(path), n), { force: true })));
}

function temporaryPrefix(path: string): string {
  return `.${basename(path)}.`;
}
