/**
 * A consumed record to the SinkRecord a sink task gets: headers (header-bytes.ts), then key and value
 * through the task's converters, each stage under the retry/tolerance operator. Undefined when a stage
 * failed and the failure was tolerated (the record is skipped; its offset still moves on).
 */
import { SinkRecord, TimestampType } from '../../connectors/sdk/index.ts';
import type { RetryWithTolerance } from './error-handling/retry-with-tolerance.ts';
import { headersFromBytes } from './header-bytes.ts';
import { converterName, type TaskConverters } from './task-converters.ts';
import type { LogRecord } from './task-consumer.ts';

export async function convertConsumedRecord(raw: LogRecord, converters: TaskConverters, operator: RetryWithTolerance): Promise<SinkRecord | undefined> {
  const failed = { kind: 'consumed', record: raw } as const;
  const headers = await operator.execute(() => headersFromBytes(raw.headers), 'HEADER_CONVERTER', 'HeaderBytes', failed);
  if (!headers.ok) return undefined;
  const key = await operator.execute(() => converters.key.toConnectData(raw.topic, headers.value, raw.key), 'KEY_CONVERTER', converterName(converters.key), failed);
  if (!key.ok) return undefined;
  const value = await operator.execute(() => converters.value.toConnectData(raw.topic, headers.value, raw.value), 'VALUE_CONVERTER', converterName(converters.value), failed);
  if (!value.ok) return undefined;
  const timestamp = raw.timestamp >= 0 ? raw.timestamp : null;
  return new SinkRecord({
    topic: raw.topic,
    kafkaPartition: raw.partition,
    kafkaOffset: raw.offset,
    keySchema: key.value.schema,
    key: key.value.value,
    valueSchema: value.value.schema,
    value: value.value.value,
    timestamp,
    timestampType: timestamp === null ? TimestampType.NO_TIMESTAMP_TYPE : raw.timestampType,
    headers: headers.value,
  });
}
