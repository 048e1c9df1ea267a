/**
 * The member side of the group benchmark's line protocol, for the TypeScript members (the
 * Python member, bench/sluice/group-member.py, speaks the same): JSON events on stdout,
 * commands on stdin. See bench/support/member-process.ts for the orchestrator side.
 */
import { createInterface } from 'node:readline';
import { wallMs } from './member-process.ts';

export { wallMs };

export function emit(ev: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ ...fields, ev, t: fields.t ?? wallMs() })}\n`);
}

const received = new Set<string>();
const waiting = new Map<string, (() => void)[]>();
let listening = false;

function receive(command: string): void {
  received.add(command);
  for (const wake of waiting.get(command) ?? []) wake();
  waiting.delete(command);
}

/**
 * Resolves when the orchestrator sends `name` on stdin (at once if it came already); stdin
 * closing counts as "stop".
 */
export function command(name: string): Promise<void> {
  if (!listening) {
    listening = true;
    const rl = createInterface({ input: process.stdin });
    rl.on('line', (line) => {
      const text = line.trim();
      if (text) receive(text);
    });
    rl.on('close', () => receive('stop'));
  }
  if (received.has(name)) return Promise.resolve();
  return new Promise((resolve) => waiting.set(name, [...(waiting.get(name) ?? []), resolve]));
}

/**
 * Emits `progress` {records, last_t} every `intervalMs` while the count changes, so that the
 * orchestrator knows when all N records have arrived across the members.
 */
export class Progress {
  records = 0;
  firstT: number | undefined;
  lastT: number | undefined;
  #reported = -1;
  readonly #timer: NodeJS.Timeout;

  constructor(intervalMs = 200) {
    this.#timer = setInterval(() => this.report(), intervalMs);
  }

  #stampPending = false;
  readonly #stamp = (): void => {
    this.#stampPending = false;
    const t = wallMs();
    this.firstT ??= t;
    this.lastT = t;
  };

  /**
   * `n` records arrived. The arrival time is taken once the current burst of callbacks is over
   * (setImmediate), not per record: the end of the burst that delivered the last record is when
   * the client handed it over, and a clock read per record costs the consumer loop.
   */
  add(n: number): void {
    this.records += n;
    if (!this.#stampPending) {
      this.#stampPending = true;
      setImmediate(this.#stamp);
    }
  }

  /** Takes a pending arrival time now (before reporting). */
  flush(): void {
    if (this.#stampPending) this.#stamp();
  }

  report(): void {
    this.flush();
    if (this.records === this.#reported) return;
    this.#reported = this.records;
    emit('progress', { records: this.records, last_t: this.lastT });
  }

  stop(): void {
    clearInterval(this.#timer);
    this.report();
  }
}

/**
 * Per-partition tally of a Kafka member: [first offset, last offset, records, gaps, repeats,
 * wrong sizes]. A gap is an offset more than one past the previous, a repeat one at or below it.
 */
export type PartitionTally = [number, number, number, number, number, number];

export class KafkaTally {
  readonly partitions = new Map<number, PartitionTally>();

  #current = -1;
  #tally: PartitionTally | undefined;

  /** Counts one record; records of a partition come in runs, so the last partition's tally is kept at hand. */
  add(partition: number, offset: number, valueSize: number, expectedSize: number | undefined): void {
    let s = this.#current === partition ? this.#tally : this.partitions.get(partition);
    if (s === undefined) {
      s = [offset, offset - 1, 0, 0, 0, 0];
      this.partitions.set(partition, s);
    }
    this.#current = partition;
    this.#tally = s;
    const last = s[1];
    if (offset !== last + 1) {
      if (offset > last) s[3]++;
      else s[4]++;
    }
    if (offset > last) s[1] = offset;
    s[2]++;
    if (expectedSize !== undefined && valueSize !== expectedSize) s[5]++;
  }

  toJSON(): Record<string, PartitionTally> {
    return Object.fromEntries([...this.partitions].sort((a, b) => a[0] - b[0]).map(([p, s]) => [String(p), s]));
  }
}
