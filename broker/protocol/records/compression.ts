/**
 * Record batch compression codecs, keyed by the id in the low three attribute bits
 * (CompressionCodec in batch-header.ts). What Kafka puts on the wire per codec:
 *   gzip:   an RFC 1952 gzip stream.
 *   snappy: raw or xerial-framed snappy (see snappy-codec.ts).
 *   lz4:    an LZ4 frame (magic 0x184D2204). Like the Java client we write independent blocks
 *           with no block or content checksum: Java readers reject dependent blocks, and older
 *           ones skip a content checksum unverified. The Java client always uses 64 KiB blocks;
 *           lz4-napi picks 64 KiB, 256 KiB or 4 MiB by input size and offers no override. All three
 *           are within the 64 KiB..4 MiB range every Kafka reader accepts.
 *   zstd:   a zstd frame.
 */
import * as zlib from 'node:zlib';
import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import { CompressionCodec } from './batch-header.ts';
import { compressSnappy, decompressSnappy } from './snappy-codec.ts';

/** Compressed bytes that do not decode, or an unknown codec id: the batch is corrupt. */
export class CompressionError extends Error {
  override name = 'CompressionError';
}

interface Codec {
  readonly name: string;
  compress(data: Buffer): Buffer;
  decompress(data: Buffer): Buffer;
  /** Throws a plain Error when this runtime cannot handle the codec at all. */
  assertAvailable?(): void;
}

function assertZstd(): void {
  if (typeof zlib.zstdCompressSync !== 'function' || typeof zlib.zstdDecompressSync !== 'function') {
    throw new Error(`zstd compression needs Node.js 22.15+ or 23.8+ (node:zlib zstd support); this process runs ${process.version}`);
  }
}

const codecs: ReadonlyMap<number, Codec> = new Map<number, Codec>([
  [CompressionCodec.none, { name: 'none', compress: (d) => d, decompress: (d) => d }],
  [CompressionCodec.gzip, { name: 'gzip', compress: (d) => zlib.gzipSync(d), decompress: (d) => zlib.gunzipSync(d) }],
  [CompressionCodec.snappy, { name: 'snappy', compress: compressSnappy, decompress: decompressSnappy }],
  [
    CompressionCodec.lz4,
    {
      name: 'lz4',
      compress: (d) => compressFrameSync(d, { contentChecksum: false, blockChecksums: false }),
      decompress: (d) => decompressFrameSync(d),
    },
  ],
  [
    CompressionCodec.zstd,
    {
      name: 'zstd',
      compress: (d) => zlib.zstdCompressSync(d),
      decompress: (d) => zlib.zstdDecompressSync(d),
      assertAvailable: assertZstd,
    },
  ],
]);

export function isKnownCompression(codec: number): boolean {
  return codecs.has(codec);
}

export function compressionName(codec: number): string {
  return codecs.get(codec)?.name ?? `unknown(${codec})`;
}

export function compress(codec: number, data: Buffer): Buffer {
  const c = codecs.get(codec);
  if (c === undefined) throw new RangeError(`unknown compression codec ${codec}`);
  c.assertAvailable?.();
  return c.compress(data);
}

/** Malformed input or an unknown codec id throws CompressionError; a missing runtime codec a plain Error. */
export function decompress(codec: number, data: Buffer): Buffer {
  const c = codecs.get(codec);
  if (c === undefined) throw new CompressionError(`unknown compression codec ${codec}`);
  c.assertAvailable?.();
  try {
    return c.decompress(data);
  } catch (err) {
    throw new CompressionError(`${c.name} decompression of ${data.length} bytes failed: ${(err as Error).message}`);
  }
}
