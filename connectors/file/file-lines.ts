/**
 * Lines of a file that may not exist yet and may keep growing, read from a byte position on. The file is
 * opened on the first read that finds it and kept open, so a file renamed away is read to its end (as a
 * tail -f would) rather than swapped for its successor.
 */
import { watch, type FSWatcher } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { ConnectException } from '../sdk/index.ts';
import { LineSplitter, type Line } from './line-splitter.ts';
import type { LineSource } from './line-source.ts';

const CHUNK_BYTES = 64 * 1024;

export class FileLines implements LineSource {
  readonly #path: string;
  readonly #splitter: LineSplitter;
  #readPosition: number;
  #handle: FileHandle | null = null;

  constructor(path: string, position: number) {
    this.#path = path;
    this.#splitter = new LineSplitter(position);
    this.#readPosition = position;
  }

  async read(max: number): Promise<Line[]> {
    const lines: Line[] = [];
    this.#splitter.take(max, lines);
    const handle = lines.length < max ? await this.#open() : null;
    while (handle && lines.length < max) {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, this.#readPosition).catch((error: unknown) => {
        throw new ConnectException(`Could not read ${this.#path} at byte ${this.#readPosition}: ${(error as Error).message}`, { cause: error });
      });
      if (bytesRead === 0) break;
      this.#readPosition += bytesRead;
      this.#splitter.push(buffer.subarray(0, bytesRead));
      this.#splitter.take(max, lines);
    }
    return lines;
  }

  wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let watcher: FSWatcher | null = null;
      const done = (): void => {
        clearTimeout(timer);
        watcher?.close();
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      if (signal.aborted) return done();
      try {
        // Wakes us as soon as the file changes; the timer covers a file that does not exist yet,
        // file systems without change notification, and a change made just before watching began.
        watcher = watch(this.#path, { persistent: false }, done);
        watcher.on('error', done);
      } catch {
        watcher = null;
      }
    });
  }

  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = null;
    await handle?.close();
  }

  async #open(): Promise<FileHandle | null> {
    if (this.#handle) return this.#handle;
    try {
      this.#handle = await open(this.#path, 'r');
      return this.#handle;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new ConnectException(`Could not open ${this.#path} for reading: ${(error as Error).message}`, { cause: error });
    }
  }
}
