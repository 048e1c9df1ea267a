/**
 * Reads Kafka wire primitives from a Buffer. Every read checks bounds and throws
 * ProtocolDecodeError, so a truncated or lying frame can never read past its end.
 */
export class ProtocolDecodeError extends Error {
  override name = 'ProtocolDecodeError';
}

export class Reader {
  readonly buf: Buffer;
  offset: number;
  readonly end: number;

  constructor(buf: Buffer, offset = 0, end = buf.length) {
    this.buf = buf;
    this.offset = offset;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  private need(n: number): number {
    const at = this.offset;
    if (n < 0 || at + n > this.end) {
      throw new ProtocolDecodeError(`need ${n} bytes at offset ${at}, only ${this.end - at} left`);
    }
    this.offset = at + n;
    return at;
  }

  bool(): boolean {
    return this.buf[this.need(1)] !== 0;
  }
  int8(): number {
    return this.buf.readInt8(this.need(1));
  }
  int16(): number {
    return this.buf.readInt16BE(this.need(2));
  }
  uint16(): number {
    return this.buf.readUInt16BE(this.need(2));
  }
  int32(): number {
    return this.buf.readInt32BE(this.need(4));
  }
  uint32(): number {
    return this.buf.readUInt32BE(this.need(4));
  }
  int64(): bigint {
    return this.buf.readBigInt64BE(this.need(8));
  }
  float64(): number {
    return this.buf.readDoubleBE(this.need(8));
  }

  unsignedVarint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      const b = this.buf[this.need(1)];
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return value;
      shift += 7;
      if (shift > 28) throw new ProtocolDecodeError('unsigned varint longer than 5 bytes');
    }
  }

  /** Zigzag-encoded signed varint (32-bit). */
  varint(): number {
    const v = this.unsignedVarint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  /** Zigzag-encoded signed varlong (64-bit). */
  varlong(): bigint {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.buf[this.need(1)];
      value |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7n;
      if (shift > 63n) throw new ProtocolDecodeError('varlong longer than 10 bytes');
    }
    return (value >> 1n) ^ -(value & 1n);
  }

  uuid(): Buffer {
    const at = this.need(16);
    return this.buf.subarray(at, at + 16);
  }

  raw(n: number): Buffer {
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }

  /** Length of a string/bytes/array: compact forms store length+1 as an unsigned varint, 0 meaning null. */
  private length(compact: boolean, wide: boolean): number {
    if (compact) return this.unsignedVarint() - 1;
    return wide ? this.int32() : this.int16();
  }

  string(compact: boolean): string {
    const s = this.nullableString(compact);
    if (s === null) throw new ProtocolDecodeError('null where a non-nullable string is required');
    return s;
  }
  nullableString(compact: boolean): string | null {
    const n = this.length(compact, false);
    if (n < 0) return null;
    const at = this.need(n);
    return this.buf.toString('utf8', at, at + n);
  }

  bytes(compact: boolean): Buffer {
    const b = this.nullableBytes(compact);
    if (b === null) throw new ProtocolDecodeError('null where non-nullable bytes are required');
    return b;
  }
  nullableBytes(compact: boolean): Buffer | null {
    const n = this.length(compact, true);
    if (n < 0) return null;
    return this.raw(n);
  }

  /** Array length; -1 is null. Bounded by the bytes left so a lying length cannot allocate gigabytes. */
  arrayLength(compact: boolean): number {
    const n = this.length(compact, true);
    if (n > this.remaining) throw new ProtocolDecodeError(`array length ${n} exceeds the ${this.remaining} bytes left`);
    return n;
  }
}
