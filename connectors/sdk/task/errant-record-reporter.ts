import type { SinkRecord } from '../records/sink-record.ts';

/**
 * Reports a record the sink could not write, to the dead letter queue and/or the log as the connector's
 * `errors.*` configs say, instead of failing the task. Await the promise before the record's offset is
 * committed (preCommit) if the report must not be lost.
 */
export interface ErrantRecordReporter {
  report(record: SinkRecord, error: Error): Promise<void>;
}
