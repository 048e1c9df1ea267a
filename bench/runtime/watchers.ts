/**
 * How the runtime benchmark sees progress from outside the worker: the topic's end offsets (records
 * the source side got acknowledged), the discard sink's progress files (records the sink side was
 * given), and the record batches the broker stored (how the producer batched).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Consumer } from '@platformatic/kafka';
import { wallMs } from '../support/member-process.ts';

/** One long-lived client that asks for a topic's end offsets (ListOffsets, latest) as often as needed. */
export class EndOffsets {
  readonly #consumer: Consumer;
  readonly #topic: string;

  constructor(bootstrap: string, topic: string) {
    this.#topic = topic;
    this.#consumer = new Consumer({ clientId: 'sluice-bench-end-offsets', groupId: `sluice-bench-end-offsets-${topic}`, bootstrapBrokers: [bootstrap], retries: 3 });
  }

  /** Sum of the high watermarks of all partitions (= records stored, for a fresh topic). */
  async total(): Promise<number> {
    const offsets = await this.#consumer.listOffsets({ topics: [this.#topic] });
    return (offsets.get(this.#topic) ?? []).reduce((sum, o) => sum + Number(o), 0);
  }

  async close(): Promise<void> {
    await this.#consumer.close(true).catch(() => {});
  }
}

export interface Crossing {
  /** Wall-clock ms of the first sample with a value > 0. */
  firstAt?: number;
  /** Wall-clock ms of the first sample with value ≥ target. */
  reachedAt?: number;
  last: number;
}

/**
 * Samples `read()` every `intervalMs` until it reaches `target`; records when it first moved and when
 * it reached the target. Never throws: read errors are retried until the watcher is stopped.
 */
export class Watch {
  readonly crossing: Crossing = { last: 0 };
  #stopped = false;
  readonly done: Promise<void>;
  lastError: unknown;

  constructor(read: () => Promise<number> | number, target: number, intervalMs = 25) {
    this.done = (async () => {
      while (!this.#stopped) {
        try {
          const value = await read();
          const now = wallMs();
          this.crossing.last = value;
          if (value > 0) this.crossing.firstAt ??= now;
          if (value >= target) {
            this.crossing.reachedAt = now;
            return;
          }
        } catch (error) {
          this.lastError = error;
        }
        await new Promise((r) => setTimeout(r, intervalMs));
      }
    })();
  }

  stop(): void {
    this.#stopped = true;
  }
}

/** A discard sink task's progress file (bench/plugins/discard-sink/discard-sink.js). */
export interface SinkProgress {
  pid: number;
  task: number;
  startedAt: number;
  openedAt: number | null;
  assigned: string[];
  records: number;
  puts: number;
  bytes: number;
  firstAt: number | null;
  lastAt: number | null;
  partitions: Record<string, { count: number; min: number; max: number }>;
  closedAt: number | null;
  stoppedAt: number | null;
}

export function readProgress(prefix: string, task: number): SinkProgress | undefined {
  const file = `${prefix}.${task}.json`;
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SinkProgress;
  } catch {
    return undefined; // replaced by rename, so this is rare; the next sample will do
  }
}

export function readAllProgress(prefix: string, tasks: number): (SinkProgress | undefined)[] {
  return Array.from({ length: tasks }, (_, i) => readProgress(prefix, i));
}

export function sinkRecords(prefix: string, tasks: number): number {
  return readAllProgress(prefix, tasks).reduce((sum, p) => sum + (p?.records ?? 0), 0);
}

/**
 * What the sink saw, checked against a fresh topic of `records` records: every offset 0..end-1 of
 * every partition once. Returns the problems found (empty: all good).
 */
export function checkSinkCoverage(progress: (SinkProgress | undefined)[], endOffsets: Record<string, number>, records: number): string[] {
  const problems: string[] = [];
  const seen = new Map<string, { count: number; min: number; max: number }>();
  let total = 0;
  for (const p of progress) {
    if (!p) continue;
    total += p.records;
    for (const [name, tally] of Object.entries(p.partitions)) {
      const prev = seen.get(name);
      seen.set(name, prev ? { count: prev.count + tally.count, min: Math.min(prev.min, tally.min), max: Math.max(prev.max, tally.max) } : { ...tally });
    }
  }
  if (total !== records) problems.push(`the sink was given ${total} records, expected ${records}`);
  for (const [name, end] of Object.entries(endOffsets)) {
    const tally = seen.get(name);
    if (end === 0) continue;
    if (!tally) {
      problems.push(`${name}: the sink saw none of its ${end} records`);
      continue;
    }
    if (tally.min !== 0 || tally.max !== end - 1) problems.push(`${name}: the sink saw offsets ${tally.min}..${tally.max}, the partition holds 0..${end - 1}`);
    if (tally.count > end) problems.push(`${name}: ${tally.count - end} records were given to the sink more than once`);
    if (tally.count < end) problems.push(`${name}: ${end - tally.count} records never reached the sink`);
  }
  return problems;
}

export interface BatchStats {
  batches: number;
  records: number;
  bytes: number;
  maxRecords: number;
  maxBytes: number;
}

/**
 * The record batches the broker stored for a topic, read from its segment files: Kafka's on-disk
 * batch header (baseOffset int64, batchLength int32, ..., recordsCount int32 at byte 57).
 */
export function storedBatchStats(dataDir: string, topic: string): BatchStats | undefined {
  const stats: BatchStats = { batches: 0, records: 0, bytes: 0, maxRecords: 0, maxBytes: 0 };
  let found = false;
  for (const entry of existsSync(dataDir) ? readdirSync(dataDir) : []) {
    if (!entry.startsWith(`${topic}-`) || !/^\d+$/.test(entry.slice(topic.length + 1))) continue;
    found = true;
    const dir = join(dataDir, entry);
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.log')).sort()) {
      const bytes = readFileSync(join(dir, name));
      for (let pos = 0; pos + 61 <= bytes.length; ) {
        const length = bytes.readInt32BE(pos + 8);
        const count = bytes.readInt32BE(pos + 57);
        if (length <= 0) break;
        stats.batches++;
        stats.records += count;
        stats.bytes += length + 12;
        stats.maxRecords = Math.max(stats.maxRecords, count);
        stats.maxBytes = Math.max(stats.maxBytes, length + 12);
        pos += length + 12;
      }
    }
  }
  return found ? stats : undefined;
}
