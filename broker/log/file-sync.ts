/**
 * Asynchronous fsync, so durability work never blocks the event loop.
 */
import { fsync } from 'node:fs';
import { open } from 'node:fs/promises';

export function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (err) => (err ? reject(err) : resolve())));
}

/** Makes a created, renamed or removed directory entry durable. */
export async function fsyncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
