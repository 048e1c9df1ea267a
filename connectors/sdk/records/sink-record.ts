/**
 * A record handed to a SinkTask: where it was consumed from (topic, partition, offset) and, after
 * transforms may have changed the topic or partition, where it originally came from, which is what
 * offsets are committed against.
 */
import { DataException } from '../errors.ts';
import { ConnectRecord, type ConnectRecordInit } from './connect-record.ts';
import { TimestampType } from './timestamp-type.ts';

export interface SinkRecordInit extends ConnectRecordInit {
  readonly kafkaPartition: number;
  readonly kafkaOffset: number;
  readonly timestampType?: TimestampType;
  readonly originalTopic?: string;
  readonly originalKafkaPartition?: number;
  readonly originalKafkaOffset?: number;
}

export class SinkRecord extends ConnectRecord<SinkRecord> {
  declare readonly kafkaPartition: number;
  readonly kafkaOffset: number;
  readonly timestampType: TimestampType;
  readonly originalTopic: string;
  readonly originalKafkaPartition: number;
  readonly originalKafkaOffset: number;

  constructor(init: SinkRecordInit) {
    super(init);
    if (this.kafkaPartition === null) throw new DataException('A SinkRecord needs the kafkaPartition it was consumed from');
    if (!Number.isInteger(init.kafkaOffset) || init.kafkaOffset < 0) {
      throw new DataException(`kafkaOffset must be a non-negative integer, got ${init.kafkaOffset}`);
    }
    this.kafkaOffset = init.kafkaOffset;
    this.timestampType = init.timestampType ?? (init.timestamp == null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME);
    this.originalTopic = init.originalTopic ?? this.topic;
    this.originalKafkaPartition = init.originalKafkaPartition ?? this.kafkaPartition;
    this.originalKafkaOffset = init.originalKafkaOffset ?? this.kafkaOffset;
    Object.freeze(this);
  }

  /** A copy with changes; the original topic, partition and offset carry over. */
  override newRecord(changes: Partial<SinkRecordInit>): SinkRecord {
    const fields = this.fields(changes);
    return new SinkRecord({
      ...fields,
      kafkaPartition: fields.kafkaPartition ?? this.kafkaPartition,
      kafkaOffset: changes.kafkaOffset ?? this.kafkaOffset,
      timestampType: changes.timestampType ?? this.timestampType,
      originalTopic: this.originalTopic,
      originalKafkaPartition: this.originalKafkaPartition,
      originalKafkaOffset: this.originalKafkaOffset,
    });
  }

  override toString(): string {
    return `SinkRecord{topic=${this.topic}, partition=${this.kafkaPartition}, offset=${this.kafkaOffset}, timestampType=${this.timestampType}}`;
  }
}
