/**
 * A consumed record to the SinkRecord a sink task gets: headers (header-bytes.ts), then key and value
 * through the task's converters, each stage under the retry/tolerance operator. Undefined when a stage
 * failed and the failure was tolerated (the record is skipped; its offset still moves on). Synchronous
 * when every stage is (the usual case), so a batch converts without a promise per record.
 */
import { ConnectHeaders, SinkRecord, TimestampType, type MaybePromise, type SchemaAndValue } from '../../connectors/sdk/index.ts';
import type { Attempt, RetryWithTolerance } from './error-handling/retry-with-tolerance.ts';
import { headersFromBytes } from './header-bytes.ts';
import type { TaskConverters } from './task-converters.ts';
import type { LogRecord } from './task-consumer.ts';

export function convertConsumedRecord(raw: LogRecord, converters: TaskConverters, operator: RetryWithTolerance): MaybePromise<SinkRecord | undefined> {
  if (raw.headers.length === 0) return withHeaders(raw, converters, operator, { ok: true, value: new ConnectHeaders() });
  const headers = operator.attempt(() => headersFromBytes(raw.headers), 'HEADER_CONVERTER', 'HeaderBytes', { kind: 'consumed', record: raw });
  if (headers instanceof Promise) return headers.then((h) => withHeaders(raw, converters, operator, h));
  return withHeaders(raw, converters, operator, headers);
}

function withHeaders(raw: LogRecord, converters: TaskConverters, operator: RetryWithTolerance, headers: Attempt<ConnectHeaders>): MaybePromise<SinkRecord | undefined> {
  if (!headers.ok) return undefined;
  const key = operator.attempt(() => converters.key.toConnectData(raw.topic, headers.value, raw.key), 'KEY_CONVERTER', converters.keyClassName, { kind: 'consumed', record: raw });
  if (key instanceof Promise) return key.then((k) => withKey(raw, converters, operator, headers.value, k));
  return withKey(raw, converters, operator, headers.value, key);
}

function withKey(raw: LogRecord, converters: TaskConverters, operator: RetryWithTolerance, headers: ConnectHeaders, key: Attempt<SchemaAndValue>): MaybePromise<SinkRecord | undefined> {
  if (!key.ok) return undefined;
  const value = operator.attempt(() => converters.value.toConnectData(raw.topic, headers, raw.value), 'VALUE_CONVERTER', converters.valueClassName, { kind: 'consumed', record: raw });
  if (value instanceof Promise) return value.then((v) => sinkRecord(raw, headers, key.value, v));
  return sinkRecord(raw, headers, key.value, value);
}

function sinkRecord(raw: LogRecord, headers: ConnectHeaders, key: SchemaAndValue, value: Attempt<SchemaAndValue>): SinkRecord | undefined {
  if (!value.ok) return undefined;
  const timestamp = raw.timestamp >= 0 ? raw.timestamp : null;
  return new SinkRecord({
    topic: raw.topic,
    kafkaPartition: raw.partition,
    kafkaOffset: raw.offset,
    keySchema: key.schema,
    key: key.value,
    valueSchema: value.value.schema,
    value: value.value.value,
    timestamp,
    timestampType: timestamp === null ? TimestampType.NO_TIMESTAMP_TYPE : raw.timestampType,
    headers,
  });
}
