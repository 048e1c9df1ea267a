import { compressSync } from 'snappy';
import { describe, expect, it } from 'vitest';
import { CompressionCodec } from '../../../../broker/protocol/records/batch-header.ts';
import { compress, compressionName, CompressionError, decompress } from '../../../../broker/protocol/records/compression.ts';
import { isXerialFramed } from '../../../../broker/protocol/records/snappy-codec.ts';

function sample(bytes: number): Buffer {
  const b = Buffer.allocUnsafe(bytes);
  for (let i = 0; i < bytes; i++) b[i] = (i * 31 + (i >> 7)) % 97; // compressible but not trivial
  return b;
}

const codecs = Object.entries(CompressionCodec) as [string, number][];

describe('compression registry', () => {
  for (const [name, id] of codecs) {
    it(`${name}: round trips 200 KiB and an empty buffer`, () => {
      const data = sample(200 * 1024);
      const packed = compress(id, data);
      if (id !== CompressionCodec.none) expect(packed.length).toBeLessThan(data.length);
      expect(decompress(id, packed).equals(data)).toBe(true);
      expect(decompress(id, compress(id, Buffer.alloc(0))).length).toBe(0);
      expect(compressionName(id)).toBe(name);
    });
  }

  it('gzip writes an RFC 1952 stream', () => {
    expect(compress(CompressionCodec.gzip, sample(100)).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('zstd writes a zstd frame', () => {
    expect(compress(CompressionCodec.zstd, sample(100)).readUInt32LE(0)).toBe(0xfd2fb528);
  });

  it('lz4 writes a frame Kafka readers accept: independent blocks, no checksums, block size 64 KiB..4 MiB', () => {
    for (const [bytes, bd] of [[1000, 0x40], [200 * 1024, 0x50], [300 * 1024, 0x70]] as const) {
      const frame = compress(CompressionCodec.lz4, sample(bytes));
      expect(frame.readUInt32LE(0)).toBe(0x184d2204);
      expect(frame[4]).toBe(0x60); // version 01, block independence, no block/content checksum, no content size
      expect(frame[5]).toBe(bd); // block max size code 4, 5 or 7 (Kafka accepts 4..7)
    }
  });

  it('snappy writes raw snappy, starting with the varint uncompressed length', () => {
    const packed = compress(CompressionCodec.snappy, sample(300));
    expect(isXerialFramed(packed)).toBe(false);
    expect([...packed.subarray(0, 2)]).toEqual([0xac, 0x02]); // 300 as a varint
  });

  it('snappy decompresses the xerial framing the Java producer writes', () => {
    const data = sample(100_000);
    const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
    const parts: Buffer[] = [header];
    for (let at = 0; at < data.length; at += 32 * 1024) {
      const block = compressSync(data.subarray(at, at + 32 * 1024));
      const length = Buffer.alloc(4);
      length.writeInt32BE(block.length);
      parts.push(length, block);
    }
    const framed = Buffer.concat(parts);
    expect(isXerialFramed(framed)).toBe(true);
    expect(decompress(CompressionCodec.snappy, framed).equals(data)).toBe(true);
    expect(decompress(CompressionCodec.snappy, header).length).toBe(0); // header with no chunks

    const truncated = framed.subarray(0, framed.length - 10);
    expect(() => decompress(CompressionCodec.snappy, truncated)).toThrow(CompressionError);
    expect(() => decompress(CompressionCodec.snappy, truncated)).toThrow(/xerial snappy chunk at byte \d+ claims \d+ bytes/);
  });

  it('malformed input throws CompressionError naming the codec', () => {
    const junk = Buffer.from('definitely not compressed data, no sir');
    for (const id of [CompressionCodec.gzip, CompressionCodec.snappy, CompressionCodec.lz4, CompressionCodec.zstd]) {
      expect(() => decompress(id, junk)).toThrow(CompressionError);
      expect(() => decompress(id, junk)).toThrow(new RegExp(`^${compressionName(id)} decompression of ${junk.length} bytes failed`));
    }
  });

  it('rejects unknown codec ids', () => {
    expect(() => decompress(5, Buffer.alloc(1))).toThrow(CompressionError);
    expect(() => decompress(7, Buffer.alloc(1))).toThrow('unknown compression codec 7');
    expect(() => compress(6, Buffer.alloc(1))).toThrow(RangeError);
    expect(compressionName(5)).toBe('unknown(5)');
  });
});
