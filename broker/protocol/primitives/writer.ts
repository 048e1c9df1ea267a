/**
 * Builds Kafka wire bytes. Small values go into a growable scratch buffer; large
 * Buffers (record batches served from the log) are kept as separate chunks so a
 * Fetch response never copies them. `toChunks()` returns the pieces for a vectored write.
 */
const LARGE_CHUNK = 4096;

export class Writer {
  private chunks: Buffer[] = [];
  private scratch: Buffer;
  private pos = 0;
  private chunkStart = 0;
  private flushedLength = 0;

  constructor(initialSize = 1024) {
    this.scratch = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.flushedLength + (this.pos - this.chunkStart);
  }

  /** Reserves n bytes and returns their offset. It may replace `this.scratch`, so call it before reading that field. */
  private ensure(n: number): number {
    if (this.pos + n > this.scratch.length) {
      this.sealScratch();
      this.scratch = Buffer.allocUnsafe(Math.max(n, this.scratch.length * 2));
      this.pos = 0;
      this.chunkStart = 0;
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  private sealScratch(): void {
    if (this.pos > this.chunkStart) {
      const piece = this.scratch.subarray(this.chunkStart, this.pos);
      this.chunks.push(piece);
      this.flushedLength += piece.length;
      this.chunkStart = this.pos;
    }
  }

  bool(v: boolean): this {
    const at = this.ensure(1);
    this.scratch[at] = v ? 1 : 0;
    return this;
  }
  int8(v: number): this {
    const at = this.ensure(1);
    this.scratch.writeInt8(v, at);
    return this;
  }
  int16(v: number): this {
    const at = this.ensure(2);
    this.scratch.writeInt16BE(v, at);
    return this;
  }
  uint16(v: number): this {
    const at = this.ensure(2);
    this.scratch.writeUInt16BE(v, at);
    return this;
  }
  int32(v: number): this {
    const at = this.ensure(4);
    this.scratch.writeInt32BE(v, at);
    return this;
  }
  uint32(v: number): this {
    const at = this.ensure(4);
    this.scratch.writeUInt32BE(v, at);
    return this;
  }
  int64(v: bigint): this {
    const at = this.ensure(8);
    this.scratch.writeBigInt64BE(BigInt.asIntN(64, v), at);
    return this;
  }
  float64(v: number): this {
    const at = this.ensure(8);
    this.scratch.writeDoubleBE(v, at);
    return this;
  }

  unsignedVarint(v: number): this {
    let value = v;
    while (value >= 0x80) {
      const at = this.ensure(1);
      this.scratch[at] = (value & 0x7f) | 0x80;
      value = Math.floor(value / 128);
    }
    const at = this.ensure(1);
    this.scratch[at] = value;
    return this;
  }

  varint(v: number): this {
    return this.unsignedVarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  varlong(v: bigint): this {
    let value = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
    while (value >= 0x80n) {
      const at = this.ensure(1);
      this.scratch[at] = Number(value & 0x7fn) | 0x80;
      value >>= 7n;
    }
    const at = this.ensure(1);
    this.scratch[at] = Number(value);
    return this;
  }

  raw(b: Buffer): this {
    if (b.length >= LARGE_CHUNK) {
      this.sealScratch();
      this.chunks.push(b);
      this.flushedLength += b.length;
    } else if (b.length > 0) {
      const at = this.ensure(b.length);
      b.copy(this.scratch, at);
    }
    return this;
  }

  uuid(b: Buffer): this {
    if (b.length !== 16) throw new RangeError(`a UUID is 16 bytes, got ${b.length}`);
    return this.raw(b);
  }

  private lengthPrefix(n: number, compact: boolean, wide: boolean): this {
    if (compact) return this.unsignedVarint(n + 1);
    return wide ? this.int32(n) : this.int16(n);
  }

  string(v: string | null, compact: boolean): this {
    if (v === null) return this.lengthPrefix(-1, compact, false);
    const n = Buffer.byteLength(v, 'utf8');
    this.lengthPrefix(n, compact, false);
    const at = this.ensure(n);
    this.scratch.write(v, at, n, 'utf8');
    return this;
  }

  bytes(v: Buffer | null, compact: boolean): this {
    if (v === null) return this.lengthPrefix(-1, compact, true);
    this.lengthPrefix(v.length, compact, true);
    return this.raw(v);
  }

  /** Several buffers written as one bytes field (e.g. record batches read from different segments). */
  bytesChunks(parts: readonly Buffer[] | null, compact: boolean): this {
    if (parts === null) return this.lengthPrefix(-1, compact, true);
    let n = 0;
    for (const p of parts) n += p.length;
    this.lengthPrefix(n, compact, true);
    for (const p of parts) this.raw(p);
    return this;
  }

  arrayLength(n: number | null, compact: boolean): this {
    return this.lengthPrefix(n === null ? -1 : n, compact, true);
  }

  toChunks(): Buffer[] {
    this.sealScratch();
    return this.chunks;
  }

  toBuffer(): Buffer {
    const chunks = this.toChunks();
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, this.flushedLength);
  }
}
