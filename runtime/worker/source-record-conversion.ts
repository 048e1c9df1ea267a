/**
 * A SourceRecord to the bytes the producer sends: key and value through the task's converters, headers
 * as text or bytes (header-bytes.ts), each stage under the retry/tolerance operator. Undefined when a
 * stage failed and the failure was tolerated (the record is dropped).
 */
import type { SourceRecord } from '../../connectors/sdk/index.ts';
import type { RetryWithTolerance } from './error-handling/retry-with-tolerance.ts';
import { headersToBytes } from './header-bytes.ts';
import { converterName, type TaskConverters } from './task-converters.ts';
import type { ProducerRecord } from './task-producer.ts';

export async function convertSourceRecord(record: SourceRecord, converters: TaskConverters, operator: RetryWithTolerance): Promise<ProducerRecord | undefined> {
  const failed = { kind: 'source', record } as const;
  const { topic, headers } = record;
  const key = await operator.execute(() => converters.key.fromConnectData(topic, headers, record.keySchema, record.key), 'KEY_CONVERTER', converterName(converters.key), failed);
  if (!key.ok) return undefined;
  const value = await operator.execute(() => converters.value.fromConnectData(topic, headers, record.valueSchema, record.value), 'VALUE_CONVERTER', converterName(converters.value), failed);
  if (!value.ok) return undefined;
  const headerBytes = await operator.execute(() => headersToBytes(headers), 'HEADER_CONVERTER', 'HeaderBytes', failed);
  if (!headerBytes.ok) return undefined;
  return {
    topic,
    partition: record.kafkaPartition,
    key: key.value ?? null,
    value: value.value ?? null,
    headers: headerBytes.value,
    timestamp: record.timestamp,
  };
}
