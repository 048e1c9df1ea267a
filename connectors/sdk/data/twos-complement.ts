/**
 * Big-endian two's-complement bytes of an integer, in the fewest bytes that keep the sign bit (the form
 * Java's BigInteger.toByteArray produces and Connect's Decimal puts on the wire).
 */
import { DataException } from '../errors.ts';

export function toTwosComplement(value: bigint): Uint8Array {
  const magnitude = value < 0n ? -value - 1n : value;
  const bits = magnitude === 0n ? 0 : magnitude.toString(2).length;
  const length = Math.floor(bits / 8) + 1;
  const encoded = value < 0n ? (1n << BigInt(length * 8)) + value : value;
  return Uint8Array.from(Buffer.from(encoded.toString(16).padStart(length * 2, '0'), 'hex'));
}

export function fromTwosComplement(bytes: Uint8Array): bigint {
  if (bytes.length === 0) throw new DataException('Cannot decode an integer from zero bytes');
  const unsigned = BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')}`);
  return (bytes[0] & 0x80) !== 0 ? unsigned - (1n << BigInt(bytes.length * 8)) : unsigned;
}
