/**
 * Derives a decoder and an encoder for one message at one version from its
 * declarative definition. Compiled codecs are cached per (message, version).
 *
 * Decoded messages are plain objects keyed by field name. A field absent from the
 * version decodes to its default; on encode it is skipped, and a present field left
 * undefined is written as its default. int64 values are bigints,
 * uuids 16-byte Buffers, `records` a Buffer (zero-copy slice) or null; on encode
 * `records` also accepts an array of Buffers written back to back without copying.
 */
import { Reader, ProtocolDecodeError } from '../primitives/reader.ts';
import { Writer } from '../primitives/writer.ts';
import { inRange, parseVersions, type FieldDef, type FieldType, type Primitive } from './definition.ts';

export type Message = Record<string, any>;

export interface StructCodec {
  read(r: Reader): Message;
  write(w: Writer, value: Message): void;
}

type ValueReader = (r: Reader) => unknown;
type ValueWriter = (w: Writer, v: any) => void;

interface CompiledField {
  name: string;
  read: ValueReader;
  write: ValueWriter;
  defaultValue: () => unknown;
  tag: number | undefined;
  tagged: boolean;
}

const ZERO_UUID = Buffer.alloc(16);

function primitiveDefault(type: Primitive): unknown {
  switch (type) {
    case 'bool':
      return false;
    case 'int64':
      return 0n;
    case 'string':
      return '';
    case 'bytes':
      return Buffer.alloc(0);
    case 'uuid':
      return ZERO_UUID;
    case 'records':
      return null;
    default:
      return 0;
  }
}

function isStruct(type: FieldType): type is readonly FieldDef[] {
  return Array.isArray(type);
}

function primitiveCodec(type: Primitive, nullable: boolean, compact: boolean): [ValueReader, ValueWriter] {
  switch (type) {
    case 'bool':
      return [(r) => r.bool(), (w, v) => w.bool(Boolean(v))];
    case 'int8':
      return [(r) => r.int8(), (w, v) => w.int8(v ?? 0)];
    case 'int16':
      return [(r) => r.int16(), (w, v) => w.int16(v ?? 0)];
    case 'uint16':
      return [(r) => r.uint16(), (w, v) => w.uint16(v ?? 0)];
    case 'int32':
      return [(r) => r.int32(), (w, v) => w.int32(v ?? 0)];
    case 'uint32':
      return [(r) => r.uint32(), (w, v) => w.uint32(v ?? 0)];
    case 'int64':
      return [(r) => r.int64(), (w, v) => w.int64(BigInt(v ?? 0))];
    case 'float64':
      return [(r) => r.float64(), (w, v) => w.float64(v ?? 0)];
    case 'uuid':
      return [(r) => Buffer.from(r.uuid()), (w, v) => w.uuid(v ?? ZERO_UUID)];
    case 'string':
      return nullable
        ? [(r) => r.nullableString(compact), (w, v) => w.string(v ?? null, compact)]
        : [(r) => r.string(compact), (w, v) => w.string(v ?? '', compact)];
    case 'bytes':
      return nullable
        ? [(r) => r.nullableBytes(compact), (w, v) => w.bytes(v ?? null, compact)]
        : [(r) => r.bytes(compact), (w, v) => w.bytes(v ?? Buffer.alloc(0), compact)];
    case 'records':
      return [
        (r) => r.nullableBytes(compact),
        (w, v) => (Array.isArray(v) ? w.bytesChunks(v, compact) : w.bytes(v ?? null, compact)),
      ];
  }
}

function compileType(type: FieldType, nullable: boolean, version: number, flexible: boolean): [ValueReader, ValueWriter, () => unknown] {
  if (isStruct(type)) {
    const codec = compileStruct(type, version, flexible);
    const makeDefault = () => defaultStruct(type, version);
    return [
      nullable ? (r) => (r.int8() < 0 ? null : codec.read(r)) : (r) => codec.read(r),
      nullable
        ? (w, v) => {
            if (v === null || v === undefined) w.int8(-1);
            else {
              w.int8(1);
              codec.write(w, v);
            }
          }
        : (w, v) => codec.write(w, v ?? makeDefault()),
      nullable ? () => null : makeDefault,
    ];
  }
  if (typeof type === 'object' && 'arrayOf' in type) {
    const [readItem, writeItem] = compileType(type.arrayOf, false, version, flexible);
    return [
      (r) => {
        const n = r.arrayLength(flexible);
        if (n < 0) {
          if (!nullable) throw new ProtocolDecodeError('null where a non-nullable array is required');
          return null;
        }
        const out = new Array(n);
        for (let i = 0; i < n; i++) out[i] = readItem(r);
        return out;
      },
      (w, v) => {
        if (v === null || v === undefined) {
          w.arrayLength(nullable ? null : 0, flexible);
          return;
        }
        w.arrayLength(v.length, flexible);
        for (const item of v) writeItem(w, item);
      },
      () => (nullable ? null : []),
    ];
  }
  const [read, write] = primitiveCodec(type, nullable, flexible);
  return [read, write, () => (nullable && type !== 'uuid' ? null : primitiveDefault(type))];
}

function compileField(def: FieldDef, version: number, flexible: boolean): CompiledField {
  const nullable = inRange(parseVersions(def.nullableVersions), version);
  const tagged = flexible && inRange(parseVersions(def.taggedVersions), version);
  const [read, write, typeDefault] = compileType(def.type, nullable, version, flexible);
  const explicit = def.default;
  const defaultValue = explicit === undefined ? typeDefault : () => explicit;
  return { name: def.name, read, write, defaultValue, tag: def.tag, tagged };
}

export function defaultStruct(fields: readonly FieldDef[], version: number): Message {
  const out: Message = {};
  for (const def of fields) {
    const nullable = inRange(parseVersions(def.nullableVersions), version);
    out[def.name] = def.default !== undefined ? def.default : compileType(def.type, nullable, version, false)[2]();
  }
  return out;
}

function isPlainObject(v: unknown): v is Message {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

function isDefault(value: unknown, def: unknown): boolean {
  if (value === undefined || value === def) return true;
  if (Buffer.isBuffer(value) && Buffer.isBuffer(def)) return value.equals(def);
  if (Array.isArray(value) && Array.isArray(def)) return value.length === 0 && def.length === 0;
  // A struct equals its default when every field does (as Kafka omits a default-valued tagged struct).
  if (isPlainObject(value) && isPlainObject(def)) return Object.keys(def).every((k) => isDefault(value[k], def[k]));
  return false;
}

const structCache = new WeakMap<readonly FieldDef[], Map<string, StructCodec>>();

export function compileStruct(fields: readonly FieldDef[], version: number, flexible: boolean): StructCodec {
  let perVersion = structCache.get(fields);
  if (!perVersion) structCache.set(fields, (perVersion = new Map()));
  const key = `${version}:${flexible}`;
  const cached = perVersion.get(key);
  if (cached) return cached;

  const present = fields.filter((f) => inRange(parseVersions(f.versions), version));
  const absent = fields.filter((f) => !inRange(parseVersions(f.versions), version));
  const compiled = present.map((f) => compileField(f, version, flexible));
  const regular = compiled.filter((f) => !f.tagged);
  const tagged = compiled.filter((f) => f.tagged).sort((a, b) => (a.tag ?? 0) - (b.tag ?? 0));
  const byTag = new Map(tagged.map((f) => [f.tag!, f]));
  const absentDefaults = absent.map((f) => {
    const nullable = inRange(parseVersions(f.nullableVersions), version);
    const d = f.default !== undefined ? () => f.default : compileType(f.type, nullable, version, false)[2];
    return [f.name, d] as const;
  });

  const codec: StructCodec = {
    read(r) {
      const out: Message = {};
      for (const f of regular) out[f.name] = f.read(r);
      for (const [name, d] of absentDefaults) out[name] = d();
      if (flexible) {
        for (const f of tagged) out[f.name] = f.defaultValue();
        const count = r.unsignedVarint();
        for (let i = 0; i < count; i++) {
          const tag = r.unsignedVarint();
          const size = r.unsignedVarint();
          const body = r.raw(size);
          const f = byTag.get(tag);
          if (f) out[f.name] = f.read(new Reader(body));
        }
      }
      return out;
    },
    write(w, value) {
      for (const f of regular) {
        // An omitted field goes out as its declared default (e.g. -1), not as the type's zero.
        const v = value[f.name];
        f.write(w, v === undefined ? f.defaultValue() : v);
      }
      if (flexible) {
        const toWrite = tagged.filter((f) => !isDefault(value[f.name], f.defaultValue()));
        w.unsignedVarint(toWrite.length);
        for (const f of toWrite) {
          const inner = new Writer(64);
          f.write(inner, value[f.name]);
          const body = inner.toBuffer();
          w.unsignedVarint(f.tag!).unsignedVarint(body.length).raw(body);
        }
      }
    },
  };
  perVersion.set(key, codec);
  return codec;
}
