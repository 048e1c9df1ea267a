/**
 * The log cleaner: one per LogManager, it checks every compacted partition each log.cleaner.backoff.ms
 * and runs a compaction pass (compaction-pass.ts) on those that are due, one partition at a time so
 * cleaning never competes with itself for disk or memory.
 *
 * It keeps almost no state: each partition's progress lives in its cleaner-offset-checkpoint file, so a
 * restart resumes where cleaning stopped. The one thing remembered is which logs failed to clean (a
 * corrupt batch, say): like Kafka, the cleaner leaves those alone until restart instead of failing on
 * them at every check; the failure is reported once, as a process warning.
 */
import { compactLog, DEFAULT_DEDUPE_BUFFER_BYTES, type CompactionResult } from './compaction-pass.ts';
import type { PartitionLog } from './partition-log.ts';
import { PeriodicTask } from './periodic-task.ts';

/** Kafka's log.cleaner.backoff.ms default. */
export const DEFAULT_CLEANER_BACKOFF_MS = 15_000;

export interface LogCleanerOptions {
  /** The partitions to look at; non-compacted ones are skipped. */
  readonly logs: () => readonly PartitionLog[];
  readonly now: () => number;
  /** log.cleaner.backoff.ms. Default 15000. */
  readonly backoffMs?: number;
  /** log.cleaner.dedupe.buffer.size. Default 128 MiB. */
  readonly dedupeBufferBytes?: number;
}

export interface PartitionCompaction {
  readonly topic: string;
  readonly partition: number;
  readonly result: CompactionResult;
}

export class LogCleaner {
  private readonly options: LogCleanerOptions;
  private readonly task: PeriodicTask;
  private readonly uncleanable = new WeakSet<PartitionLog>();
  private stopping = false;

  constructor(options: LogCleanerOptions) {
    this.options = options;
    this.task = new PeriodicTask(options.backoffMs ?? DEFAULT_CLEANER_BACKOFF_MS, () => this.runOnce());
  }

  start(): void {
    this.stopping = false;
    this.task.start();
  }

  /** Stops the periodic checks; a pass under way ends after the segment group it is rewriting. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.task.stop();
  }

  /** One check of every compacted partition; returns the passes that ran. Failures become warnings. */
  async runOnce(): Promise<PartitionCompaction[]> {
    const done: PartitionCompaction[] = [];
    for (const log of this.options.logs()) {
      if (this.stopping) break;
      if (!log.config.compact || this.uncleanable.has(log)) continue;
      try {
        const result = await this.compact(log);
        if (result?.trigger) done.push({ topic: log.topic, partition: log.partition, result });
      } catch (err) {
        this.uncleanable.add(log);
        const reason = err instanceof Error ? err.message : String(err);
        process.emitWarning(`${reason}; not cleaning ${log.topic}-${log.partition} again until restart`, { code: 'SLUICE_LOG_CLEANER' });
      }
    }
    return done;
  }

  /** A pass over one partition if it is due; null when it is not compacted, closed or offline. Throws on failure. */
  compact(log: PartitionLog): Promise<CompactionResult | null> {
    return compactLog(log, {
      nowMs: this.options.now(),
      dedupeBufferBytes: this.options.dedupeBufferBytes ?? DEFAULT_DEDUPE_BUFFER_BYTES,
      shouldStop: () => this.stopping,
    });
  }
}
