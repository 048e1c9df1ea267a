/**
 * A SourceRecord to the bytes the producer sends: key and value through the task's converters, headers
 * as text or bytes (header-bytes.ts), each stage under the retry/tolerance operator. Undefined when a
 * stage failed and the failure was tolerated (the record is dropped). Synchronous when every stage is
 * (the usual case), so a batch converts without a promise per record.
 */
import type { MaybePromise, SourceRecord } from '../../connectors/sdk/index.ts';
import type { Attempt, RetryWithTolerance } from './error-handling/retry-with-tolerance.ts';
import { headersToBytes, type HeaderBytes } from './header-bytes.ts';
import type { TaskConverters } from './task-converters.ts';
import type { ProducerRecord } from './task-producer.ts';

export function convertSourceRecord(record: SourceRecord, converters: TaskConverters, operator: RetryWithTolerance): MaybePromise<ProducerRecord | undefined> {
  const failed = { kind: 'source', record } as const;
  const { topic, headers } = record;
  const key = operator.attempt(() => converters.key.fromConnectData(topic, headers, record.keySchema, record.key), 'KEY_CONVERTER', converters.keyClassName, failed);
  if (key instanceof Promise) return key.then((k) => withKey(record, converters, operator, k));
  return withKey(record, converters, operator, key);
}

function withKey(record: SourceRecord, converters: TaskConverters, operator: RetryWithTolerance, key: Attempt<Buffer | null>): MaybePromise<ProducerRecord | undefined> {
  if (!key.ok) return undefined;
  const failed = { kind: 'source', record } as const;
  const { topic, headers } = record;
  const value = operator.attempt(() => converters.value.fromConnectData(topic, headers, record.valueSchema, record.value), 'VALUE_CONVERTER', converters.valueClassName, failed);
  if (value instanceof Promise) return value.then((v) => withValue(record, operator, key.value, v));
  return withValue(record, operator, key.value, value);
}

function withValue(record: SourceRecord, operator: RetryWithTolerance, key: Buffer | null, value: Attempt<Buffer | null>): MaybePromise<ProducerRecord | undefined> {
  if (!value.ok) return undefined;
  if (record.headers.size === 0) return producerRecord(record, key, value.value, NO_HEADERS);
  const headers = operator.attempt(() => headersToBytes(record.headers), 'HEADER_CONVERTER', 'HeaderBytes', { kind: 'source', record });
  if (headers instanceof Promise) return headers.then((h) => producerRecord(record, key, value.value, h));
  return producerRecord(record, key, value.value, headers);
}

const NO_HEADERS: Attempt<HeaderBytes | undefined> = { ok: true, value: undefined };

function producerRecord(record: SourceRecord, key: Buffer | null, value: Buffer | null, headers: Attempt<HeaderBytes | undefined>): ProducerRecord | undefined {
  if (!headers.ok) return undefined;
  return {
    topic: record.topic,
    partition: record.kafkaPartition,
    key: key ?? null,
    value: value ?? null,
    headers: headers.value,
    timestamp: record.timestamp,
  };
}
