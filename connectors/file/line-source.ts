import type { Line } from './line-splitter.ts';

/** Where the source task's lines come from: a file it follows, or standard input. */
export interface LineSource {
  /** Up to `max` complete lines available now; [] when there are none. */
  read(max: number): Promise<Line[]>;
  /** Resolves when more data may be there, after at most `ms`, or at once when `signal` aborts. */
  wait(ms: number, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
