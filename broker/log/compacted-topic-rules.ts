/**
 * What a compacted topic refuses on produce: a record without a key, which compaction could never
 * supersede or delete. Kafka answers INVALID_RECORD; so do we. Seeing keys means decoding (and
 * decompressing) every record, so PartitionLog.append calls this only for logs whose cleanup.policy
 * includes compact.
 */
import { ErrorCode, KafkaProtocolError } from '../protocol/error-codes.ts';
import { Attribute, BatchOffset } from '../protocol/records/batch-header.ts';
import { decodeRecordBatch } from '../protocol/records/record-batch.ts';

export interface BatchPosition {
  readonly position: number;
}

/** `positions` locate each batch within `batches` (as batch-layout.ts gives them). */
export function rejectKeylessRecords(batches: Buffer, positions: readonly BatchPosition[], partitionName: string): void {
  for (let i = 0; i < positions.length; i++) {
    const { position } = positions[i];
    // Control records (transaction markers) always carry their own key and are not client data.
    if ((batches.readInt16BE(position + BatchOffset.attributes) & Attribute.control) !== 0) continue;
    const records = decodeRecordBatch(batches, position).records;
    const keyless = records.findIndex((record) => record.key === null);
    if (keyless >= 0) {
      throw new KafkaProtocolError(
        ErrorCode.INVALID_RECORD,
        `${partitionName} is compacted (cleanup.policy includes compact), so every record needs a key; `
          + `record ${keyless} of record batch ${i} has none`,
      );
    }
  }
}
