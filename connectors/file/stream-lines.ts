/**
 * Lines of a readable stream (standard input). The stream is read in paused mode, so a fast writer is
 * held back by the pipe instead of filling memory. A stream has no positions to resume from.
 */
import type { Readable } from 'node:stream';
import { LineSplitter, type Line } from './line-splitter.ts';
import type { LineSource } from './line-source.ts';

export class StreamLines implements LineSource {
  readonly #stream: Readable;
  readonly #splitter = new LineSplitter();

  constructor(stream: Readable) {
    this.#stream = stream;
  }

  async read(max: number): Promise<Line[]> {
    const lines: Line[] = [];
    this.#splitter.take(max, lines);
    let chunk: unknown;
    while (lines.length < max && (chunk = this.#stream.read()) !== null) {
      this.#splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      this.#splitter.take(max, lines);
    }
    return lines;
  }

  wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#stream.off('readable', done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      if (signal.aborted || this.#stream.readableLength > 0) return done();
      this.#stream.once('readable', done);
    });
  }

  async close(): Promise<void> {
    this.#stream.pause();
  }
}
