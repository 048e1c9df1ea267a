import { describe, expect, it, vi } from 'vitest';

// Simulates a Node.js release whose node:zlib predates zstd.
vi.mock('node:zlib', async (importOriginal) => {
  const { zstdCompressSync: _c, zstdDecompressSync: _d, ...rest } = await importOriginal<typeof import('node:zlib')>();
  return { ...rest, zstdCompressSync: undefined, zstdDecompressSync: undefined, default: rest };
});

const { compress, decompress } = await import('../../../../broker/protocol/records/compression.ts');
const { CompressionCodec } = await import('../../../../broker/protocol/records/batch-header.ts');

describe('zstd on a Node.js without node:zlib zstd', () => {
  it('names the Node.js version required', () => {
    const expected = `zstd compression needs Node.js 22.15+ or 23.8+ (node:zlib zstd support); this process runs ${process.version}`;
    expect(() => compress(CompressionCodec.zstd, Buffer.from('x'))).toThrow(expected);
    expect(() => decompress(CompressionCodec.zstd, Buffer.from('x'))).toThrow(expected);
  });

  it('leaves the other codecs working', () => {
    const data = Buffer.from('still fine');
    expect(decompress(CompressionCodec.gzip, compress(CompressionCodec.gzip, data))).toEqual(data);
  });
});
