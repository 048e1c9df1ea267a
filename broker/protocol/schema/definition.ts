/**
 * The declarative form every API message is written in. One definition per message
 * covers all its versions: each field says in which versions it exists, in which it
 * may be null and in which it travels as a tagged field. The codec (codec.ts) derives
 * decode and encode for any version from it, so there are no per-version copies.
 *
 * Version ranges are strings: '0+' (from 0 on), '3-7', '5' or 'none'.
 */
export type Primitive =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'float64'
  | 'string'
  | 'bytes'
  | 'uuid'
  | 'records';

export type FieldType = Primitive | readonly FieldDef[] | { readonly arrayOf: Primitive | readonly FieldDef[] };

export interface FieldDef {
  readonly name: string;
  readonly type: FieldType;
  readonly versions: string;
  readonly nullableVersions?: string;
  readonly taggedVersions?: string;
  readonly tag?: number;
  readonly default?: unknown;
}

export interface FieldOptions {
  nullable?: string;
  tagged?: string;
  tag?: number;
  default?: unknown;
}

export function field(name: string, type: FieldType, versions: string, options: FieldOptions = {}): FieldDef {
  return Object.freeze({
    name,
    type,
    versions,
    nullableVersions: options.nullable,
    taggedVersions: options.tagged,
    tag: options.tag,
    default: options.default,
  });
}

/** An array whose elements are a primitive or a struct (given as its fields). */
export function arrayOf(items: Primitive | readonly FieldDef[]): { readonly arrayOf: Primitive | readonly FieldDef[] } {
  return Object.freeze({ arrayOf: items });
}

export interface ApiDefinition {
  readonly name: string;
  readonly apiKey: number;
  /** The versions this definition describes (what the codec can handle). */
  readonly versions: readonly [number, number];
  /** First flexible version (compact encodings + tagged fields), or null if none is. */
  readonly flexibleFrom: number | null;
  readonly request: readonly FieldDef[];
  readonly response: readonly FieldDef[];
}

export function defineApi(def: ApiDefinition): ApiDefinition {
  return Object.freeze(def);
}

export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

const NONE: VersionRange = Object.freeze({ min: 1, max: 0 });

export function parseVersions(spec: string | undefined): VersionRange {
  if (spec === undefined || spec === 'none') return NONE;
  if (spec.endsWith('+')) return { min: Number(spec.slice(0, -1)), max: Number.POSITIVE_INFINITY };
  const dash = spec.indexOf('-');
  if (dash > 0) return { min: Number(spec.slice(0, dash)), max: Number(spec.slice(dash + 1)) };
  const v = Number(spec);
  if (!Number.isInteger(v)) throw new Error(`bad version range '${spec}'`);
  return { min: v, max: v };
}

export function inRange(range: VersionRange, version: number): boolean {
  return version >= range.min && version <= range.max;
}

export function isFlexible(api: ApiDefinition, version: number): boolean {
  return api.flexibleFrom !== null && version >= api.flexibleFrom;
}
