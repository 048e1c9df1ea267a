/**
 * One failed operation on one record, as the error reporters see it: the stage and the class that was
 * executing, the error, and the record: for sinks the record as consumed from Kafka (what goes to the
 * dead letter queue), for sources the SourceRecord the task returned.
 */
import type { ConnectorTaskId } from '../../herder/connect-types.ts';
import type { SourceRecord } from '../../../connectors/sdk/index.ts';
import type { LogRecord } from '../../kafka/log-record.ts';
import type { Stage } from './stage.ts';

export type FailedRecord =
  | { readonly kind: 'consumed'; readonly record: LogRecord }
  | { readonly kind: 'source'; readonly record: SourceRecord };

export interface ProcessingFailure {
  readonly task: ConnectorTaskId;
  readonly stage: Stage;
  /** The class that was executing: a converter's or the task's. */
  readonly className: string;
  readonly error: Error;
  readonly record: FailedRecord;
}

/** "topic 'orders', partition 2, offset 17" (plus key and value when asked). */
export function describeRecord(failed: FailedRecord, includeContent: boolean): string {
  if (failed.kind === 'source') return includeContent ? failed.record.toString() + ` key=${show(failed.record.key)} value=${show(failed.record.value)}` : failed.record.toString();
  const r = failed.record;
  const where = `{topic='${r.topic}', partition=${r.partition}, offset=${r.offset}, timestamp=${r.timestamp}, timestampType=${r.timestampType}}`;
  return includeContent ? `${where} key=${show(r.key)} value=${show(r.value)}` : where;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Buffer.isBuffer(value)) return JSON.stringify(value.toString('utf8'));
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
