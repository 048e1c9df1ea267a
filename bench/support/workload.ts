/**
 * The workload every system gets: N records of exactly S bytes each, produced then consumed,
 * plus the result shapes the load generators hand back.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** What a load generator is asked to do. `target` is the address, `name` the topic/stream/key. */
export interface LoadSpec {
  target: string;
  name: string;
  records: number;
  size: number;
  /** Kafka topics: partition count (the topic is created beforehand). */
  partitions?: number;
  /** One-in-flight latency phase: samples to keep, after `warmup` discarded ones. */
  samples?: number;
  warmup?: number;
  /** Client knobs (batch size, in-flight window...), by name. */
  tuning?: Record<string, number>;
}

export interface LatencySummary {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
}

export interface ProduceResult {
  records: number;
  bytes: number;
  seconds: number;
  /**
   * Acknowledgement latency of the requests/publishes made during the throughput run (under
   * load, so it includes queueing behind the in-flight window). What one sample covers differs
   * per system; see the `unit` field.
   */
  loadedAck?: LatencySummary & { unit: string };
  notes?: string[];
}

export interface ConsumeResult {
  records: number;
  bytes: number;
  seconds: number;
  /** Records whose value was not exactly `size` bytes (a correctness failure). */
  wrongSize: number;
  notes?: string[];
}

export type LatencyResult = LatencySummary;

/** Nearest-rank percentile of an ascending-sorted array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(samplesMs: number[]): LatencySummary {
  const sorted = Float64Array.from(samplesMs).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    samples: sorted.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: sorted.length ? sum / sorted.length : Number.NaN,
    maxMs: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * Record `index`'s value: `size` printable ASCII bytes (never a newline, so the same bytes can
 * be fed to kcat one per line), starting with the index in base 36 so records differ.
 */
export function payload(size: number, index: number): Buffer {
  const value = Buffer.allocUnsafe(size);
  let seed = (index * 2654435761) >>> 0;
  for (let i = 0; i < size; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    value[i] = ALPHABET.charCodeAt(seed % ALPHABET.length);
  }
  const stamp = index.toString(36);
  value.write(stamp.slice(0, size), 0, 'latin1');
  if (size > stamp.length) value[stamp.length] = 0x2d; // '-'
  return value;
}

/**
 * A pool of distinct payloads that the Node load generators cycle through, so that building
 * records costs next to nothing inside the timed loop and memory stays flat for any N.
 */
export function payloadPool(size: number, count = 4096): Buffer[] {
  return Array.from({ length: count }, (_, i) => payload(size, i));
}

/** Writes N newline-terminated payloads of `size` bytes (the input file for kcat -P -l). */
export async function writePayloadFile(path: string, size: number, records: number): Promise<void> {
  const pool = payloadPool(size, 4096);
  const line = size + 1;
  const perChunk = Math.max(1, Math.floor((1 << 20) / line));
  const out = createWriteStream(path);
  let written = 0;
  while (written < records) {
    const n = Math.min(perChunk, records - written);
    const chunk = Buffer.allocUnsafe(n * line);
    for (let i = 0; i < n; i++) {
      pool[(written + i) % pool.length]!.copy(chunk, i * line);
      chunk[i * line + size] = 0x0a;
    }
    written += n;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Runs `work` with at most `limit` calls in flight; `work(i)` is called for i in [0, count). */
export async function withWindow(count: number, limit: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const lane = async () => {
    while (failure === undefined && next < count) {
      const i = next++;
      try {
        await work(i);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
  if (failure !== undefined) throw failure;
}

/** Calls `onStall` once no `touch()` has happened for `ms` (a consumer waiting for records that never come). */
export class StallTimer {
  readonly #ms: number;
  readonly #onStall: () => void;
  #last = performance.now();
  #timer: NodeJS.Timeout;

  constructor(ms: number, onStall: () => void) {
    this.#ms = ms;
    this.#onStall = onStall;
    this.#timer = setInterval(() => {
      if (performance.now() - this.#last > this.#ms) {
        this.clear();
        this.#onStall();
      }
    }, Math.min(500, ms));
  }

  touch(): void {
    this.#last = performance.now();
  }

  clear(): void {
    clearInterval(this.#timer);
  }
}
