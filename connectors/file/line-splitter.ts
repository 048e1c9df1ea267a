/**
 * Cuts bytes into lines ending in "\n" or "\r\n", remembering the byte position just past each line:
 * that position is the source offset, so a restarted task reads on from the first unfinished line.
 * A trailing line without its "\n" is held back until the rest arrives (the writer may be mid-line).
 */
const LF = 0x0a;
const CR = 0x0d;

export interface Line {
  readonly text: string;
  /** Byte position just past the line's terminator. */
  readonly end: number;
}

export class LineSplitter {
  #pending: Buffer = Buffer.alloc(0);
  /** Byte position of #pending[0]. */
  #start: number;
  /** Leading bytes of #pending already searched without finding a newline. */
  #searched = 0;

  constructor(start = 0) {
    this.#start = start;
  }

  /** Where the first line not yet taken starts. */
  get position(): number {
    return this.#start;
  }

  push(chunk: Buffer): void {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
  }

  /** Appends complete lines to `into` until it holds `max`. */
  take(max: number, into: Line[]): void {
    let from = 0;
    let newline = -1;
    while (into.length < max && (newline = this.#pending.indexOf(LF, Math.max(from, this.#searched))) >= 0) {
      const textEnd = newline > from && this.#pending[newline - 1] === CR ? newline - 1 : newline;
      into.push({ text: this.#pending.toString('utf8', from, textEnd), end: this.#start + newline + 1 });
      from = newline + 1;
    }
    if (from > 0) {
      this.#pending = this.#pending.subarray(from);
      this.#start += from;
    }
    this.#searched = newline < 0 ? this.#pending.length : 0;
  }
}
