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
    this.sourcePartition = init.sourcePartition ? frozen(init.sourcePartition) : null;
    this.sourceOffset = init.sourceOffset ? frozen(init.sourceOffset) : null;
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

/** Partitions and offsets are flat maps of primitives: a frozen one can be shared as it is (a connector may reuse one per partition). */
function frozen<T extends object>(map: T): Readonly<T> {
  return Object.isFrozen(map) ? map : Object.freeze({ ...map });
}

function json(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
