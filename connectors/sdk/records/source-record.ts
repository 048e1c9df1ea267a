/** A record a SourceTask produces, with the source partition and offset it was read at. */
import { ConnectRecord, type ConnectRecordInit } from './connect-record.ts';
import type { SourceOffset, SourcePartition } from './source-offsets.ts';

export interface SourceRecordInit extends ConnectRecordInit {
  readonly sourcePartition?: SourcePartition | null;
  readonly sourceOffset?: SourceOffset | null;
}

export class SourceRecord extends ConnectRecord<SourceRecord> {
  readonly sourcePartition: SourcePartition | null;
  readonly sourceOffset: SourceOffset | null;

  constructor(init: SourceRecordInit) {
    super(init);
    this.sourcePartition = init.sourcePartition ? Object.freeze({ ...init.sourcePartition }) : null;
    this.sourceOffset = init.sourceOffset ? Object.freeze({ ...init.sourceOffset }) : null;
    Object.freeze(this);
  }

  override newRecord(changes: Partial<SourceRecordInit>): SourceRecord {
    return new SourceRecord({
      ...this.fields(changes),
      sourcePartition: 'sourcePartition' in changes ? changes.sourcePartition : this.sourcePartition,
      sourceOffset: 'sourceOffset' in changes ? changes.sourceOffset : this.sourceOffset,
    });
  }

  override toString(): string {
    return `SourceRecord{topic=${this.topic}, partition=${this.kafkaPartition}, sourcePartition=${json(this.sourcePartition)}, sourceOffset=${json(this.sourceOffset)}}`;
  }
}

function json(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
