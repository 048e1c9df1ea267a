/**
 * The offsets topic's record format, Kafka Connect's: key `["<connector>",{<source partition>}]`,
 * value `{<source offset>}` or null to forget the partition, both schemaless JSON. Connect compares
 * keys as bytes, and compaction merges records only with byte-equal keys in the same partition, so a
 * partition already stored is always rewritten with the exact key bytes it was read with.
 */
import type { OffsetValue, SourceOffset, SourcePartition } from '../../connectors/sdk/index.ts';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import { decodeJson, encodeJson, isJsonObject, toJsonText } from './internal-json.ts';

export interface OffsetKey {
  readonly connector: string;
  readonly partition: SourcePartition;
}

export function encodeOffsetKey(connector: string, partition: SourcePartition): Buffer {
  return encodeJson([connector, partition]);
}

export function encodeOffsetValue(offset: SourceOffset | null): Buffer | null {
  return offset === null ? null : encodeJson(offset);
}

/** Undefined for keys not of Connect's shape (Connect logs and skips those too). */
export function decodeOffsetKey(bytes: Buffer | null): OffsetKey | undefined {
  if (bytes === null) return undefined;
  let key: unknown;
  try {
    key = decodeJson(bytes);
  } catch {
    return undefined;
  }
  if (!Array.isArray(key) || key.length !== 2 || typeof key[0] !== 'string' || !isJsonObject(key[1])) return undefined;
  return { connector: key[0], partition: Object.freeze(key[1] as Record<string, OffsetValue>) };
}

/** Undefined for a value that is not a JSON object (skipped); null for a tombstone. */
export function decodeOffsetValue(bytes: Buffer | null): SourceOffset | null | undefined {
  if (bytes === null) return null;
  try {
    const value = decodeJson(bytes);
    return isJsonObject(value) ? Object.freeze(value as Record<string, OffsetValue>) : undefined;
  } catch {
    return undefined;
  }
}

/** Identity of a source partition regardless of member order (maps are unordered in Connect). */
export function partitionIdentity(connector: string, partition: SourcePartition): string {
  return toJsonText([connector, sortedMembers(partition)]);
}

function sortedMembers(value: SourcePartition): Record<string, OffsetValue> {
  const out: Record<string, OffsetValue> = {};
  for (const key of Object.keys(value).sort()) out[key] = value[key];
  return out;
}

/** Connect's rule (OffsetUtils.validateFormat): string keys, primitive values only. */
export function validateOffsetMap(what: string, value: Readonly<Record<string, unknown>> | null): void {
  if (value === null) return;
  if (!isJsonObject(value)) throw new RuntimeError(RuntimeErrors.BAD_REQUEST, `${what} must be an object, got ${toJsonText(value)}`);
  for (const [key, v] of Object.entries(value)) {
    const ok = v === null || ['string', 'number', 'bigint', 'boolean'].includes(typeof v);
    if (!ok) throw new RuntimeError(RuntimeErrors.BAD_REQUEST, `${what} may only hold strings, numbers, booleans and nulls, but '${key}' is ${toJsonText(v)}`);
    if (typeof v === 'number' && !Number.isFinite(v)) throw new RuntimeError(RuntimeErrors.BAD_REQUEST, `${what} holds a non-finite number in '${key}'`);
  }
}
