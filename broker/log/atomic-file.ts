/**
 * A small file replaced atomically (write temp + fsync + rename + fsync dir), so a crash leaves either the
 * old or the new content. Writes are serialized and coalesced; each write renders the newest content when
 * it starts, so a caller's promise resolves once a state at least as new as its own is durable.
 */
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CoalescingTask } from './coalescing-task.ts';
import { fsyncDirectory } from './file-sync.ts';

export const TEMP_SUFFIX = '.tmp';

export class AtomicFile {
  readonly path: string;
  private readonly render: () => string;
  private readonly writer: CoalescingTask;

  constructor(path: string, render: () => string) {
    this.path = path;
    this.render = render;
    this.writer = new CoalescingTask(() => replaceFile(this.path, this.render()));
  }

  write(): Promise<void> {
    return this.writer.run();
  }

  idle(): Promise<void> {
    return this.writer.idle();
  }
}

async function replaceFile(path: string, content: string): Promise<void> {
  const temp = path + TEMP_SUFFIX;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  await fsyncDirectory(dirname(path));
}
