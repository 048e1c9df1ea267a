/**
 * Snappy as Kafka clients use it. Two encodings exist on the wire:
 *   raw:    one snappy block (varint uncompressedLength, then elements); librdkafka and
 *           most non-JVM clients write this.
 *   xerial: the Java client's SnappyOutputStream framing (big-endian):
 *             magic[8] = 0x82 'S' 'N' 'A' 'P' 'P' 'Y' 0x00 | version i32 | compatibleVersion i32 |
 *             chunk* where chunk = length i32 | raw snappy block[length]
 * Decompression accepts both. Compression writes raw: the Java consumer's SnappyInputStream
 * falls back to raw decoding whenever the xerial magic is absent, and librdkafka does the
 * same, so raw is readable by both families and saves the 16-byte header.
 * Detection is unambiguous: a valid raw block never starts with the magic, because its third
 * byte would be 'N' (0x4E, a copy element) and a raw stream must begin with a literal.
 */
import { compressSync, uncompressSync } from 'snappy';

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER = XERIAL_MAGIC.length + 8;

export function isXerialFramed(data: Buffer): boolean {
  return data.length >= XERIAL_HEADER && data.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC);
}

function uncompressBlock(block: Buffer): Buffer {
  return uncompressSync(block, { asBuffer: true }) as Buffer;
}

function decompressXerial(data: Buffer): Buffer {
  const blocks: Buffer[] = [];
  let at = XERIAL_HEADER;
  while (at < data.length) {
    if (data.length - at < 4) throw new Error(`xerial snappy chunk header at byte ${at} is truncated`);
    const length = data.readInt32BE(at);
    at += 4;
    if (length < 0 || length > data.length - at) {
      throw new Error(`xerial snappy chunk at byte ${at - 4} claims ${length} bytes, ${data.length - at} left`);
    }
    blocks.push(uncompressBlock(data.subarray(at, at + length)));
    at += length;
  }
  return blocks.length === 1 ? blocks[0] : Buffer.concat(blocks);
}

export function decompressSnappy(data: Buffer): Buffer {
  return isXerialFramed(data) ? decompressXerial(data) : uncompressBlock(data);
}

export function compressSnappy(data: Buffer): Buffer {
  return compressSync(data);
}

