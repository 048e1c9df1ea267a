/**
 * CRC-32C (Castagnoli) of a v2 record batch. The checksum covers the bytes from
 * `attributes` (offset 21) to the end of the batch and is stored as a uint32 at offset 17.
 */
import { crc32c } from '@node-rs/crc32';
import { BatchOffset } from './batch-header.ts';

/** CRC-32C over `buf[pos + 21, pos + size)`, as an unsigned 32-bit number. */
export function computeBatchCrc(buf: Buffer, pos: number, size: number): number {
  return crc32c(buf.subarray(pos + BatchOffset.attributes, pos + size)) >>> 0;
}

export function batchCrcMatches(buf: Buffer, pos: number, size: number): boolean {
  return buf.readUInt32BE(pos + BatchOffset.crc) === computeBatchCrc(buf, pos, size);
}

export function writeBatchCrc(buf: Buffer, pos: number, size: number): void {
  buf.writeUInt32BE(computeBatchCrc(buf, pos, size), pos + BatchOffset.crc);
}
