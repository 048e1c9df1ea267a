/**
 * Reads from an external system. The runtime calls poll() in a loop, converts and sends the records,
 * and periodically commits their source offsets; commit() and commitRecord() tell the task how far that
 * has got (e.g. to acknowledge messages or advance a replication slot).
 */
import type { MaybePromise } from '../maybe-promise.ts';
import type { RecordMetadata } from '../records/offset-and-metadata.ts';
import type { SourceRecord } from '../records/source-record.ts';
import type { SourceTaskContext } from './source-task-context.ts';
import { Task } from './task.ts';

export abstract class SourceTask extends Task<SourceTaskContext> {
  /**
   * The next records, or null (or []) when there are none right now. Wait a little for data instead of
   * returning at once, and settle promptly after stop(). Throw a RetriableException to be polled again.
   */
  abstract poll(): Promise<SourceRecord[] | null>;

  /** Offsets of all records polled so far, up to the last commit, are durably stored. */
  commit(): MaybePromise<void> {}

  /**
   * One record was written to Kafka (metadata) or dropped (null: a transform or a tolerated error).
   * Called on acknowledgement, as Connect does, in poll order per source partition: once this record
   * and every record polled before it from its source partition are acknowledged. Its offset may not be
   * stored yet; commit() says when offsets are.
   */
  commitRecord(_record: SourceRecord, _metadata: RecordMetadata | null): MaybePromise<void> {}
}
