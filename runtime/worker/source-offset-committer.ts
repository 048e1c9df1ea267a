/**
 * Commits a source task's offsets (Connect's offset flush): takes the acknowledged prefixes' offsets from
 * SubmittedRecords, writes them to the offset store within offset.flush.timeout.ms, and only once they are
 * durable forgets them and calls the task's commit(). (commitRecord() was called earlier, on
 * acknowledgement, as in Connect.) A write that fails or times out leaves everything in place for the
 * next commit. Commits never overlap.
 */
import type { SourceTask } from '../../connectors/sdk/index.ts';
import type { Logger } from 'pino';
import type { SubmittedRecords } from './submitted-records.ts';
import type { SourceOffsetStore } from './task-environment.ts';
import { within } from './wakeup.ts';

export interface SourceOffsetCommitterOptions {
  readonly connector: string;
  readonly store: SourceOffsetStore;
  readonly submitted: SubmittedRecords;
  readonly task: SourceTask;
  readonly flushTimeoutMs: number;
  readonly logger: Logger;
  /** An abandoned task commits nothing more: a new instance may already be running. */
  readonly cancelled: () => boolean;
}

export class SourceOffsetCommitter {
  readonly #options: SourceOffsetCommitterOptions;
  #last: Promise<boolean> = Promise.resolve(true);

  constructor(options: SourceOffsetCommitterOptions) {
    this.#options = options;
  }

  /** Resolves true when everything acknowledged at the time of the call is committed. */
  commit(): Promise<boolean> {
    const next = this.#last.then(() => this.#commit());
    this.#last = next.catch(() => false);
    return next;
  }

  async #commit(): Promise<boolean> {
    const { store, submitted, task, logger, connector } = this.#options;
    if (this.#options.cancelled()) return false;
    const batch = submitted.committable();
    if (batch.records === 0) return true;
    if (batch.offsets.length > 0) {
      const write = store.set(connector, batch.offsets).then(
        () => 'written' as const,
        (error: unknown) => error,
      );
      const outcome = await within(write, this.#options.flushTimeoutMs, 'timed out' as const);
      if (outcome !== 'written') {
        const reason = outcome === 'timed out' ? `did not finish within offset.flush.timeout.ms=${this.#options.flushTimeoutMs}` : 'failed';
        logger.error({ err: outcome === 'timed out' ? undefined : outcome, partitions: batch.offsets.length }, `Writing source offsets ${reason}; they will be written at the next commit`);
        return false;
      }
    }
    submitted.remove(batch);
    try {
      await task.commit();
    } catch (error) {
      logger.error({ err: error }, 'SourceTask.commit() failed');
    }
    logger.debug({ records: batch.records, partitions: batch.offsets.length }, 'Committed source offsets');
    return true;
  }
}
