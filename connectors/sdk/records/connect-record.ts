/**
 * What source and sink records share: destination/origin topic and partition, key and value with their
 * schemas, timestamp and headers. Records are immutable; `newRecord` copies one with changes (what
 * transforms do), duplicating the headers unless new ones are given.
 */
import { DataException } from '../errors.ts';
import type { Schema } from '../data/schema.ts';
import { ConnectHeaders } from '../header/connect-headers.ts';
import type { Header } from '../header/header.ts';

export interface ConnectRecordInit {
  readonly topic: string;
  /** null lets the producer's partitioner choose. */
  readonly kafkaPartition?: number | null;
  readonly keySchema?: Schema | null;
  readonly key?: unknown;
  readonly valueSchema?: Schema | null;
  readonly value?: unknown;
  /** Milliseconds since the epoch; null lets the producer stamp it. */
  readonly timestamp?: number | null;
  readonly headers?: ConnectHeaders | Iterable<Header>;
}

export abstract class ConnectRecord<R extends ConnectRecord<R>> {
  readonly topic: string;
  readonly kafkaPartition: number | null;
  readonly keySchema: Schema | null;
  readonly key: unknown;
  readonly valueSchema: Schema | null;
  readonly value: unknown;
  readonly timestamp: number | null;
  readonly headers: ConnectHeaders;

  protected constructor(init: ConnectRecordInit) {
    if (typeof init.topic !== 'string' || init.topic === '') throw new DataException(`A record needs a topic, got ${JSON.stringify(init.topic)}`);
    const partition = init.kafkaPartition ?? null;
    if (partition !== null && (!Number.isInteger(partition) || partition < 0)) {
      throw new DataException(`kafkaPartition must be a non-negative integer or null, got ${partition}`);
    }
    const timestamp = init.timestamp ?? null;
    if (timestamp !== null && (!Number.isInteger(timestamp) || timestamp < 0)) {
      throw new DataException(`timestamp must be non-negative integer milliseconds or null, got ${timestamp}`);
    }
    this.topic = init.topic;
    this.kafkaPartition = partition;
    this.keySchema = init.keySchema ?? null;
    this.key = init.key ?? null;
    this.valueSchema = init.valueSchema ?? null;
    this.value = init.value ?? null;
    this.timestamp = timestamp;
    this.headers = init.headers instanceof ConnectHeaders ? init.headers : new ConnectHeaders(init.headers);
  }

  /** A copy with the given fields replaced. */
  abstract newRecord(changes: Partial<ConnectRecordInit>): R;

  protected fields(changes: Partial<ConnectRecordInit>): ConnectRecordInit {
    return {
      topic: changes.topic ?? this.topic,
      kafkaPartition: 'kafkaPartition' in changes ? changes.kafkaPartition : this.kafkaPartition,
      keySchema: 'keySchema' in changes ? changes.keySchema : this.keySchema,
      key: 'key' in changes ? changes.key : this.key,
      valueSchema: 'valueSchema' in changes ? changes.valueSchema : this.valueSchema,
      value: 'value' in changes ? changes.value : this.value,
      timestamp: 'timestamp' in changes ? changes.timestamp : this.timestamp,
      headers: changes.headers ?? this.headers.duplicate(),
    };
  }
}
