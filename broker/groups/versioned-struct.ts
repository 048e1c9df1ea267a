/**
 * Records of __consumer_offsets are an int16 version followed by a struct in that version's layout
 * (the same schema language as the API messages). Values flexible from some version on carry
 * compact strings and a tagged-field buffer, like flexible API messages.
 */
import { Reader } from '../protocol/primitives/reader.ts';
import { Writer } from '../protocol/primitives/writer.ts';
import { compileStruct, type Message } from '../protocol/schema/codec.ts';
import type { FieldDef } from '../protocol/schema/definition.ts';

export interface VersionedStruct {
  readonly fields: readonly FieldDef[];
  readonly maxVersion: number;
  /** First flexible version, or null. */
  readonly flexibleFrom: number | null;
}

export function encodeVersioned(struct: VersionedStruct, version: number, value: Message): Buffer {
  const w = new Writer(128);
  w.int16(version);
  compileStruct(struct.fields, version, isFlexible(struct, version)).write(w, value);
  return w.toBuffer();
}

/**
 * Reads the struct after its version prefix. A version newer than we know, past the first flexible one,
 * is read as our newest: such versions may only add tagged fields (Kafka's rule since KIP-915).
 */
export function decodeVersioned(struct: VersionedStruct, r: Reader, version: number): Message {
  let readAs = version;
  if (version > struct.maxVersion && struct.flexibleFrom !== null && version >= struct.flexibleFrom) readAs = struct.maxVersion;
  if (readAs < 0 || readAs > struct.maxVersion) throw new RangeError(`unsupported record version ${version}`);
  return compileStruct(struct.fields, readAs, isFlexible(struct, readAs)).read(r);
}

export function readVersion(buf: Buffer): { version: number; reader: Reader } {
  const reader = new Reader(buf);
  return { version: reader.int16(), reader };
}

function isFlexible(struct: VersionedStruct, version: number): boolean {
  return struct.flexibleFrom !== null && version >= struct.flexibleFrom;
}
