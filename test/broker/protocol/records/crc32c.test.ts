import { crc32c } from '@node-rs/crc32';
import { describe, expect, it } from 'vitest';
import { BatchOffset } from '../../../../broker/protocol/records/batch-header.ts';
import { batchCrcMatches, computeBatchCrc, writeBatchCrc } from '../../../../broker/protocol/records/crc32c.ts';

describe('batch CRC-32C', () => {
  it('uses the Castagnoli polynomial (standard check value)', () => {
    expect(crc32c(Buffer.from('123456789')) >>> 0).toBe(0xe3069283);
  });

  it('covers attributes to the end, not the fields before offset 21', () => {
    const batch = Buffer.alloc(80, 0);
    batch.fill(7, BatchOffset.attributes);
    const expected = crc32c(Buffer.alloc(80 - 21, 7)) >>> 0;
    expect(computeBatchCrc(batch, 0, 80)).toBe(expected);

    batch.writeBigInt64BE(123n, 0); // baseOffset and leader epoch are outside the checksum
    batch.writeInt32BE(9, BatchOffset.partitionLeaderEpoch);
    expect(computeBatchCrc(batch, 0, 80)).toBe(expected);
  });

  it('respects pos and size inside a larger buffer', () => {
    const buf = Buffer.alloc(200, 1);
    expect(computeBatchCrc(buf, 50, 100)).toBe(crc32c(Buffer.alloc(100 - 21, 1)) >>> 0);
  });

  it('writes a CRC that then matches, and detects a flipped byte', () => {
    const batch = Buffer.alloc(70, 3);
    expect(batchCrcMatches(batch, 0, 70)).toBe(false);
    writeBatchCrc(batch, 0, 70);
    expect(batch.readUInt32BE(BatchOffset.crc)).toBe(computeBatchCrc(batch, 0, 70));
    expect(batchCrcMatches(batch, 0, 70)).toBe(true);
    batch[69] ^= 1;
    expect(batchCrcMatches(batch, 0, 70)).toBe(false);
  });
});
