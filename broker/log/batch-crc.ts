/**
 * The CRC-32C of a v2 record batch: it covers attributes through the end of the batch.
 */
import { crc32c } from '@node-rs/crc32';
import { BatchOffset } from '../protocol/records/batch-header.ts';

/** `batch` holds exactly one whole batch. */
export function batchCrcMatches(batch: Buffer): boolean {
  return crc32c(batch.subarray(BatchOffset.attributes)) === batch.readUInt32BE(BatchOffset.crc);
}

/** `batch` holds exactly one whole batch. */
export function rewriteBatchCrc(batch: Buffer): void {
  batch.writeUInt32BE(crc32c(batch.subarray(BatchOffset.attributes)), BatchOffset.crc);
}
