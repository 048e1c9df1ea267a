/**
 * Tests for the Kafka API message definitions (broker/protocol/messages/):
 *  - every API, every version, request and response: a value generated from the
 *    definition is encoded, compared with an independent reference encoding written
 *    in this file, decoded, and compared with what it should decode to;
 *  - hand-checked bytes for well-known encodings;
 *  - the definitions' own consistency (version ranges, tags, defaults) and coverage.
 */
import { describe, expect, it } from 'vitest';
import { allApis, apiByKey, apiVersions, fetch, findCoordinator, joinGroup, metadata, produce } from '../../../broker/protocol/messages/index.ts';
import { ProtocolDecodeError, Reader } from '../../../broker/protocol/primitives/reader.ts';
import { Writer } from '../../../broker/protocol/primitives/writer.ts';
import { compileStruct, type Message } from '../../../broker/protocol/schema/codec.ts';
import {
  inRange,
  isFlexible,
  parseVersions,
  type ApiDefinition,
  type FieldDef,
  type FieldType,
  type Primitive,
} from '../../../broker/protocol/schema/definition.ts';

// ---------------------------------------------------------------------------------------------
// Helpers over definitions

const present = (def: FieldDef, v: number) => inRange(parseVersions(def.versions), v);
const nullableAt = (def: FieldDef, v: number) => inRange(parseVersions(def.nullableVersions), v);
const taggedAt = (def: FieldDef, v: number, flexible: boolean) => flexible && inRange(parseVersions(def.taggedVersions), v);
const isStruct = (t: FieldType): t is readonly FieldDef[] => Array.isArray(t);
const isArray = (t: FieldType): t is { readonly arrayOf: Primitive | readonly FieldDef[] } =>
  typeof t === 'object' && !Array.isArray(t) && 'arrayOf' in t;

/** What a field that is absent (from the version, or as an omitted tagged field) decodes to. */
function defaultFor(def: FieldDef, v: number): unknown {
  if (def.default !== undefined) return def.default;
  return typeDefault(def.type, nullableAt(def, v), v);
}

function typeDefault(type: FieldType, nullable: boolean, v: number): unknown {
  if (isStruct(type)) return nullable ? null : expectedStruct(type, v, {});
  if (isArray(type)) return nullable ? null : [];
  if (nullable && type !== 'uuid') return null;
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
      return Buffer.alloc(16);
    case 'records':
      return null;
    default:
      return 0;
  }
}

/** The decoded form of `value`: every field of the struct, those not given taking their default. */
function expectedStruct(fields: readonly FieldDef[], v: number, value: Message): Message {
  const out: Message = {};
  for (const def of fields) {
    if (present(def, v) && value[def.name] !== undefined) out[def.name] = expectedValue(def.type, v, value[def.name]);
    else out[def.name] = defaultFor(def, v);
  }
  return out;
}

function expectedValue(type: FieldType, v: number, value: unknown): unknown {
  if (value === null) return null;
  if (isStruct(type)) return expectedStruct(type, v, value as Message);
  if (isArray(type)) return (value as unknown[]).map((item) => expectedValue(type.arrayOf, v, item));
  if (type === 'records' && Array.isArray(value)) return Buffer.concat(value as Buffer[]);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Sample values generated from a definition

/**
 * full:  every field set, nothing null, tagged fields set to non-default values, bools true.
 * nulls: every nullable field null, tagged fields omitted, empty strings, negative numbers, bools false.
 * mixed: nullable fields alternate between null and a value, tagged fields set.
 */
type Variant = 'full' | 'nulls' | 'mixed';

interface GenContext {
  variant: Variant;
  n: number;
  nullToggle: boolean;
}

function sampleStruct(fields: readonly FieldDef[], v: number, flexible: boolean, ctx: GenContext): Message {
  const out: Message = {};
  for (const def of fields) {
    if (!present(def, v)) continue;
    if (taggedAt(def, v, flexible) && ctx.variant === 'nulls') continue;
    out[def.name] = sampleValue(def.type, nullableAt(def, v), v, flexible, ctx);
  }
  return out;
}

function sampleValue(type: FieldType, nullable: boolean, v: number, flexible: boolean, ctx: GenContext): unknown {
  if (nullable) {
    if (ctx.variant === 'nulls') return null;
    if (ctx.variant === 'mixed') {
      ctx.nullToggle = !ctx.nullToggle;
      if (ctx.nullToggle) return null;
    }
  }
  if (isStruct(type)) return sampleStruct(type, v, flexible, ctx);
  if (isArray(type)) {
    const items = [];
    for (let i = 0; i < 2; i++) items.push(sampleValue(type.arrayOf, false, v, flexible, ctx));
    return items;
  }
  const n = ++ctx.n;
  const neg = ctx.variant === 'nulls';
  switch (type) {
    case 'bool':
      return ctx.variant !== 'nulls';
    case 'int8':
      return neg ? -n % 128 : (n % 127) + 1;
    case 'int16':
      return neg ? -1000 - n : 1000 + n;
    case 'uint16':
      return 50_000 + n;
    case 'int32':
      return neg ? -100_000 - n : 100_000 + n;
    case 'uint32':
      return 3_000_000_000 + n;
    case 'int64':
      return neg ? -(2n ** 40n) - BigInt(n) : 2n ** 40n + BigInt(n);
    case 'float64':
      return neg ? -n - 0.25 : n + 0.5;
    case 'string':
      return neg ? '' : `s${n}-é`;
    case 'bytes':
      return neg ? Buffer.alloc(0) : Buffer.from([n & 0xff, 0x00, 0xff, 0x7f]);
    case 'uuid':
      return Buffer.alloc(16, n & 0xff);
    case 'records':
      // Large enough to go through the Writer's zero-copy chunk path.
      return Buffer.alloc(ctx.variant === 'full' ? 5000 : 3, n & 0xff);
  }
}

// ---------------------------------------------------------------------------------------------
// Reference encoder: a deliberately naive, independent rendering of Kafka's wire rules

function uvarint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}

function fixed(size: number, write: (b: Buffer) => void): Buffer {
  const b = Buffer.alloc(size);
  write(b);
  return b;
}

/** Length prefix: compact = uvarint(n+1) (0 for null); else int16 (strings) or int32 (bytes/arrays). */
function lengthPrefix(n: number | null, flexible: boolean, wide: boolean): Buffer {
  if (flexible) return uvarint(n === null ? 0 : n + 1);
  const v = n === null ? -1 : n;
  return wide ? fixed(4, (b) => b.writeInt32BE(v)) : fixed(2, (b) => b.writeInt16BE(v));
}

function refValue(type: FieldType, nullable: boolean, v: number, flexible: boolean, value: any): Buffer {
  if (isStruct(type)) {
    if (nullable) return value === null ? Buffer.from([0xff]) : Buffer.concat([Buffer.from([1]), refStruct(type, v, flexible, value)]);
    return refStruct(type, v, flexible, value);
  }
  if (isArray(type)) {
    if (value === null) return lengthPrefix(null, flexible, true);
    return Buffer.concat([
      lengthPrefix(value.length, flexible, true),
      ...value.map((item: unknown) => refValue(type.arrayOf, false, v, flexible, item)),
    ]);
  }
  switch (type) {
    case 'bool':
      return Buffer.from([value ? 1 : 0]);
    case 'int8':
      return fixed(1, (b) => b.writeInt8(value));
    case 'int16':
      return fixed(2, (b) => b.writeInt16BE(value));
    case 'uint16':
      return fixed(2, (b) => b.writeUInt16BE(value));
    case 'int32':
      return fixed(4, (b) => b.writeInt32BE(value));
    case 'uint32':
      return fixed(4, (b) => b.writeUInt32BE(value));
    case 'int64':
      return fixed(8, (b) => b.writeBigInt64BE(value));
    case 'float64':
      return fixed(8, (b) => b.writeDoubleBE(value));
    case 'uuid':
      return Buffer.from(value);
    case 'string': {
      if (value === null) return lengthPrefix(null, flexible, false);
      const s = Buffer.from(value, 'utf8');
      return Buffer.concat([lengthPrefix(s.length, flexible, false), s]);
    }
    case 'bytes':
    case 'records': {
      if (value === null) return lengthPrefix(null, flexible, true);
      const b = Array.isArray(value) ? Buffer.concat(value) : value;
      return Buffer.concat([lengthPrefix(b.length, flexible, true), b]);
    }
  }
}

function refStruct(fields: readonly FieldDef[], v: number, flexible: boolean, value: Message): Buffer {
  const parts: Buffer[] = [];
  const tagged: { tag: number; body: Buffer }[] = [];
  for (const def of fields) {
    if (!present(def, v)) continue;
    const nullable = nullableAt(def, v);
    if (taggedAt(def, v, flexible)) {
      // A tagged field is left out when it holds its default, i.e. when it would encode like the default.
      if (value[def.name] === undefined) continue;
      const body = refValue(def.type, nullable, v, flexible, value[def.name]);
      if (!body.equals(refValue(def.type, nullable, v, flexible, defaultFor(def, v)))) tagged.push({ tag: def.tag!, body });
      continue;
    }
    parts.push(refValue(def.type, nullable, v, flexible, value[def.name]));
  }
  if (flexible) {
    tagged.sort((a, b) => a.tag - b.tag);
    parts.push(uvarint(tagged.length));
    for (const t of tagged) parts.push(uvarint(t.tag), uvarint(t.body.length), t.body);
  }
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------------------------------------
// Encode/decode through the codec under test

function encode(fields: readonly FieldDef[], v: number, flexible: boolean, value: Message): Buffer {
  const w = new Writer(16); // small initial size so the scratch buffer has to grow
  compileStruct(fields, v, flexible).write(w, value);
  return w.toBuffer();
}

function decode(fields: readonly FieldDef[], v: number, flexible: boolean, bytes: Buffer): { value: Message; remaining: number } {
  const r = new Reader(bytes);
  const value = compileStruct(fields, v, flexible).read(r);
  return { value, remaining: r.remaining };
}

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function versionsOf(api: ApiDefinition): number[] {
  const out: number[] = [];
  for (let v = api.versions[0]; v <= api.versions[1]; v++) out.push(v);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Round trips

const cases = allApis.flatMap((api) =>
  versionsOf(api).flatMap((v) => (['request', 'response'] as const).map((side) => ({ api, v, side, label: `${api.name} v${v} ${side}` }))),
);

describe('round trip of every API, version and side', () => {
  it.each(cases)('$label', ({ api, v, side }) => {
    const fields = api[side];
    const flexible = isFlexible(api, v);
    for (const variant of ['full', 'nulls', 'mixed'] as const) {
      const sample = sampleStruct(fields, v, flexible, { variant, n: 0, nullToggle: false });
      const bytes = encode(fields, v, flexible, sample);
      expect(bytes.equals(refStruct(fields, v, flexible, sample)), `${variant}: bytes differ from the reference encoding`).toBe(true);
      const { value, remaining } = decode(fields, v, flexible, bytes);
      expect(remaining, `${variant}: unread bytes`).toBe(0);
      expect(value, variant).toEqual(expectedStruct(fields, v, sample));
      // Fields of other versions are not smuggled onto the wire: decoding what we decoded re-encodes identically.
      expect(encode(fields, v, flexible, value).equals(bytes), `${variant}: re-encode differs`).toBe(true);
    }
  });

  it('the full sample of the newest version of each API has data in every field of that version', () => {
    // Guards against a generator that silently produces empty messages (which would round-trip trivially).
    const countLeaves = (fields: readonly FieldDef[], v: number, value: Message): number =>
      fields.filter((d) => present(d, v)).reduce((acc, d) => {
        const x = value[d.name];
        expect(x, d.name).not.toBeUndefined();
        if (isStruct(d.type)) return acc + countLeaves(d.type, v, x);
        if (isArray(d.type) && isStruct(d.type.arrayOf)) {
          expect(x).toHaveLength(2);
          return acc + countLeaves(d.type.arrayOf, v, x[0]);
        }
        return acc + 1;
      }, 0);
    for (const api of allApis) {
      const v = api.versions[1];
      for (const side of ['request', 'response'] as const) {
        const sample = sampleStruct(api[side], v, isFlexible(api, v), { variant: 'full', n: 0, nullToggle: false });
        const leaves = countLeaves(api[side], v, sample);
        expect(leaves, `${api.name} ${side}`).toBeGreaterThan(0);
      }
    }
  });

  it('a truncated message fails to decode instead of reading past its end', () => {
    for (const api of allApis) {
      const v = api.versions[1];
      const flexible = isFlexible(api, v);
      const sample = sampleStruct(api.response, v, flexible, { variant: 'full', n: 0, nullToggle: false });
      const bytes = encode(api.response, v, flexible, sample);
      expect(() => decode(api.response, v, flexible, bytes.subarray(0, bytes.length - 1)), api.name).toThrow(ProtocolDecodeError);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-checked encodings

describe('well-known encodings', () => {
  it('ApiVersions v0-v2 requests are empty', () => {
    for (const v of [0, 1, 2]) expect(encode(apiVersions.request, v, false, {})).toEqual(Buffer.alloc(0));
    expect(decode(apiVersions.request, 0, false, Buffer.alloc(0))).toEqual({
      value: { clientSoftwareName: '', clientSoftwareVersion: '' },
      remaining: 0,
    });
  });

  it('ApiVersions v3 request carries the client software name and version as compact strings', () => {
    const bytes = encode(apiVersions.request, 3, true, { clientSoftwareName: 'sluice', clientSoftwareVersion: '1.0' });
    expect(bytes.toString('hex')).toBe('07' + Buffer.from('sluice').toString('hex') + '04' + Buffer.from('1.0').toString('hex') + '00');
  });

  it('ApiVersions v0 response', () => {
    const value = { errorCode: 0, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 4 }] };
    expect(encode(apiVersions.response, 0, false, value)).toEqual(hex('0000 00000001 0012 0000 0004'));
  });

  it('ApiVersions v3 response puts features in the tagged-field section, in tag order, omitting defaults', () => {
    const value = {
      errorCode: 35,
      apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 4 }],
      throttleTimeMs: 0,
      zkMigrationReady: true,
      finalizedFeaturesEpoch: 5n,
      supportedFeatures: [],
      finalizedFeatures: [],
    };
    const bytes = encode(apiVersions.response, 3, true, value);
    expect(bytes).toEqual(
      hex(
        '0023' + // errorCode 35
          '02 0012 0000 0004 00' + // apiKeys: compact length 1+1, one entry, its empty tag section
          '00000000' + // throttleTimeMs
          '02' + // two tagged fields
          '01 08 0000000000000005' + // tag 1 finalizedFeaturesEpoch, 8 bytes
          '03 01 01', // tag 3 zkMigrationReady
      ),
    );
    const decoded = decode(apiVersions.response, 3, true, bytes);
    expect(decoded.remaining).toBe(0);
    expect(decoded.value).toMatchObject({ errorCode: 35, finalizedFeaturesEpoch: 5n, zkMigrationReady: true, supportedFeatures: [] });
  });

  it('an absent tagged field decodes to its default and an unknown tag is skipped', () => {
    // ApiVersions v3 response: errorCode 0, no apiKeys, throttle 0, one tagged field with unknown tag 9.
    const bytes = hex('0000 01 00000000 01 09 03 aabbcc');
    const { value, remaining } = decode(apiVersions.response, 3, true, bytes);
    expect(remaining).toBe(0);
    expect(value.finalizedFeaturesEpoch).toBe(-1n);
    expect(value.zkMigrationReady).toBe(false);
    expect(value.finalizedFeatures).toEqual([]);
  });

  it("Metadata v0 request for topic 'a' is 00000001 0001 61", () => {
    expect(encode(metadata.request, 0, false, { topics: [{ name: 'a' }] })).toEqual(hex('00000001 0001 61'));
  });

  it('Metadata topics: null ("all topics") from v1, non-nullable in v0', () => {
    expect(encode(metadata.request, 1, false, { topics: null })).toEqual(hex('ffffffff'));
    expect(decode(metadata.request, 1, false, hex('ffffffff')).value.topics).toBeNull();
    expect(() => decode(metadata.request, 0, false, hex('ffffffff'))).toThrow(ProtocolDecodeError);
  });

  it('Metadata request below v4 decodes allowAutoTopicCreation to its default, true', () => {
    expect(decode(metadata.request, 3, false, hex('00000000')).value.allowAutoTopicCreation).toBe(true);
  });

  it('a flexible string has an unsigned-varint length+1 prefix (two bytes past 127)', () => {
    const name = 'x'.repeat(200);
    const bytes = encode(metadata.request, 9, true, {
      topics: [{ name }],
      allowAutoTopicCreation: true,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: true,
    });
    // topics: length 1+1; name: 201 = c9 01; the topic's empty tag section; then three bools and the top-level tag section.
    expect(bytes).toEqual(Buffer.concat([hex('02 c901'), Buffer.from(name), hex('00 01 00 01 00')]));
  });

  it('Produce v3 request: nullable transactional id, records as int32-length bytes, records given as chunks', () => {
    const value = {
      transactionalId: null,
      acks: -1,
      timeoutMs: 30000,
      topicData: [{ name: 't', partitionData: [{ index: 0, records: [hex('aabb'), hex('cc')] }] }],
    };
    const bytes = encode(produce.request, 3, false, value);
    expect(bytes).toEqual(hex('ffff ffff 00007530 00000001 0001 74 00000001 00000000 00000003 aabbcc'));
    expect(decode(produce.request, 3, false, bytes).value.topicData[0].partitionData[0].records).toEqual(hex('aabbcc'));
  });

  it('Produce response below v2 decodes logAppendTimeMs to -1', () => {
    const bytes = hex('00000001 0001 74 00000001 00000002 0000 000000000000002a 00000000');
    const { value, remaining } = decode(produce.response, 1, false, bytes);
    expect(remaining).toBe(0);
    expect(value.responses[0].partitionResponses[0]).toMatchObject({ index: 2, baseOffset: 42n, logAppendTimeMs: -1n, logStartOffset: -1n });
  });

  it('a nullable field absent from an older version decodes to null, not the empty string', () => {
    // Produce v2 has no transactional id: the request is not transactional.
    expect(decode(produce.request, 2, false, hex('0001 00007530 00000000')).value.transactionalId).toBeNull();
    // JoinGroup v4 has no group instance id: the member is dynamic, not a static member named ''.
    const join = hex('0001 67 00007530 00007530 0000 0008 636f6e73756d6572 00000000');
    expect(decode(joinGroup.request, 4, false, join).value).toMatchObject({
      groupId: 'g',
      protocolType: 'consumer',
      groupInstanceId: null,
      reason: null,
    });
  });

  it('a field left undefined is encoded as its declared default', () => {
    const bytes = encode(fetch.response, 11, false, {
      responses: [{ topic: 't', partitions: [{ partitionIndex: 0, highWatermark: 5n, records: null }] }],
    });
    const p = decode(fetch.response, 11, false, bytes).value.responses[0].partitions[0];
    expect(p).toMatchObject({ lastStableOffset: -1n, logStartOffset: -1n, preferredReadReplica: -1 });
  });

  it('Fetch v13 identifies topics by id, not name; v12 by name', () => {
    const id = Buffer.alloc(16, 0xab);
    const partition = { partition: 0, fetchOffset: 7n, partitionMaxBytes: 1024 };
    const base = { maxWaitMs: 500, minBytes: 1, forgottenTopicsData: [], rackId: '' };
    const v13 = encode(fetch.request, 13, true, { ...base, topics: [{ topicId: id, topic: 'ignored', partitions: [partition] }] });
    expect(v13.includes(id)).toBe(true);
    expect(v13.includes(Buffer.from('ignored'))).toBe(false);
    const v12 = encode(fetch.request, 12, true, { ...base, topics: [{ topicId: id, topic: 'named', partitions: [partition] }] });
    expect(v12.includes(id)).toBe(false);
    expect(v12.includes(Buffer.from('named'))).toBe(true);
    expect(decode(fetch.request, 13, true, v13).value.topics[0].topicId).toEqual(id);
  });

  it('Fetch request below v3 decodes maxBytes to 0x7fffffff', () => {
    // replicaId -1, maxWait 100, minBytes 1, no topics
    const { value } = decode(fetch.request, 2, false, hex('ffffffff 00000064 00000001 00000000'));
    expect(value).toMatchObject({ replicaId: -1, maxWaitMs: 100, minBytes: 1, maxBytes: 0x7fffffff, topics: [] });
  });

  it('Fetch v15 request moves the replica id into the tagged ReplicaState struct', () => {
    const value = { replicaState: { replicaId: 3, replicaEpoch: 9n }, maxWaitMs: 0, minBytes: 0, topics: [], forgottenTopicsData: [] };
    const bytes = encode(fetch.request, 15, true, value);
    // maxWait, minBytes, then the omitted maxBytes, isolationLevel, sessionId and sessionEpoch as their defaults,
    // topics [], forgotten [], rackId '', tags: one field, tag 1, 13 bytes (int32, int64, empty tag section).
    expect(bytes).toEqual(hex('00000000 00000000 7fffffff 00 00000000 ffffffff 01 01 01 01 01 0d 00000003 0000000000000009 00'));
  });

  it('FindCoordinator v4 request batches keys', () => {
    expect(encode(findCoordinator.request, 4, true, { keyType: 0, coordinatorKeys: ['g'] })).toEqual(hex('00 02 02 67 00'));
    expect(encode(findCoordinator.request, 0, false, { key: 'g' })).toEqual(hex('0001 67'));
  });
});

// ---------------------------------------------------------------------------------------------
// Defaults that change meaning (what a handler sees when an older client leaves a field out)

/** A value with one element in every array of structs and nothing else set. */
function skeleton(fields: readonly FieldDef[], v: number): Message {
  const out: Message = {};
  for (const def of fields) {
    if (!present(def, v)) continue;
    if (isStruct(def.type)) out[def.name] = skeleton(def.type, v);
    else if (isArray(def.type) && isStruct(def.type.arrayOf)) out[def.name] = [skeleton(def.type.arrayOf, v)];
  }
  return out;
}

const DEFAULTS: [api: string, version: number, side: 'request' | 'response', path: string, expected: unknown][] = [
  ['Produce', 2, 'request', 'transactionalId', null],
  ['Produce', 1, 'response', 'responses.0.partitionResponses.0.logAppendTimeMs', -1n],
  ['Produce', 4, 'response', 'responses.0.partitionResponses.0.logStartOffset', -1n],
  ['Fetch', 2, 'request', 'maxBytes', 0x7fffffff],
  ['Fetch', 6, 'request', 'sessionEpoch', -1],
  ['Fetch', 15, 'request', 'replicaId', -1],
  ['Fetch', 8, 'request', 'topics.0.partitions.0.currentLeaderEpoch', -1],
  ['Fetch', 11, 'request', 'topics.0.partitions.0.lastFetchedEpoch', -1],
  ['Fetch', 4, 'request', 'topics.0.partitions.0.logStartOffset', -1n],
  ['Fetch', 16, 'request', 'replicaState.replicaEpoch', -1n],
  ['Fetch', 12, 'request', 'clusterId', null],
  ['Fetch', 12, 'response', 'responses.0.partitions.0.divergingEpoch', { epoch: -1, endOffset: -1n }],
  ['Fetch', 12, 'response', 'responses.0.partitions.0.snapshotId', { endOffset: -1n, epoch: -1 }],
  ['Fetch', 10, 'response', 'responses.0.partitions.0.preferredReadReplica', -1],
  ['Fetch', 3, 'response', 'responses.0.partitions.0.lastStableOffset', -1n],
  ['ListOffsets', 3, 'request', 'topics.0.partitions.0.currentLeaderEpoch', -1],
  ['ListOffsets', 1, 'request', 'topics.0.partitions.0.maxNumOffsets', 1],
  ['ListOffsets', 0, 'response', 'topics.0.partitions.0.offset', -1n],
  ['ListOffsets', 3, 'response', 'topics.0.partitions.0.leaderEpoch', -1],
  ['Metadata', 3, 'request', 'allowAutoTopicCreation', true],
  ['Metadata', 6, 'response', 'topics.0.partitions.0.leaderEpoch', -1],
  ['Metadata', 0, 'response', 'controllerId', -1],
  ['Metadata', 7, 'response', 'topics.0.topicAuthorizedOperations', -2147483648],
  ['OffsetCommit', 0, 'request', 'generationIdOrMemberEpoch', -1],
  ['OffsetCommit', 5, 'request', 'retentionTimeMs', -1n],
  ['OffsetCommit', 2, 'request', 'topics.0.partitions.0.commitTimestamp', -1n],
  ['OffsetCommit', 5, 'request', 'topics.0.partitions.0.committedLeaderEpoch', -1],
  ['OffsetCommit', 6, 'request', 'groupInstanceId', null],
  ['OffsetFetch', 8, 'request', 'groups.0.memberEpoch', -1],
  ['OffsetFetch', 8, 'request', 'groups.0.memberId', null],
  ['OffsetFetch', 4, 'response', 'topics.0.partitions.0.committedLeaderEpoch', -1],
  ['JoinGroup', 0, 'request', 'rebalanceTimeoutMs', -1],
  ['JoinGroup', 4, 'request', 'groupInstanceId', null],
  ['JoinGroup', 7, 'request', 'reason', null],
  ['JoinGroup', 6, 'response', 'protocolType', null],
  ['Heartbeat', 2, 'request', 'groupInstanceId', null],
  ['LeaveGroup', 4, 'request', 'members.0.reason', null],
  ['SyncGroup', 2, 'request', 'groupInstanceId', null],
  ['SyncGroup', 4, 'request', 'protocolName', null],
  ['DescribeGroups', 2, 'response', 'groups.0.authorizedOperations', -2147483648],
  ['ApiVersions', 3, 'response', 'finalizedFeaturesEpoch', -1n],
  ['CreateTopics', 4, 'response', 'topics.0.numPartitions', -1],
  ['CreateTopics', 4, 'response', 'topics.0.replicationFactor', -1],
  ['InitProducerId', 2, 'request', 'producerId', -1n],
  ['InitProducerId', 2, 'request', 'producerEpoch', -1],
  ['DescribeConfigs', 0, 'response', 'results.0.configs.0.configSource', -1],
  ['DescribeCluster', 0, 'request', 'endpointType', 1],
  ['DescribeCluster', 0, 'response', 'endpointType', 1],
];

describe('defaults of fields absent from a version', () => {
  it.each(DEFAULTS.map(([name, v, side, path, expected]) => ({ name, v, side, path, expected, label: `${name} v${v} ${side} ${path}` })))(
    '$label',
    ({ name, v, side, path, expected }) => {
      const api = allApis.find((a) => a.name === name)!;
      const fields = api[side];
      const flexible = isFlexible(api, v);
      const { value, remaining } = decode(fields, v, flexible, encode(fields, v, flexible, skeleton(fields, v)));
      expect(remaining).toBe(0);
      let at: any = value;
      for (const key of path.split('.')) at = at[key];
      expect(at).toEqual(expected);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Definitions: consistency and coverage

/** The versions the broker needs, from the project plan. */
const REQUIRED: [name: string, apiKey: number, min: number, max: number][] = [
  ['Produce', 0, 0, 11],
  ['Fetch', 1, 0, 17],
  ['ListOffsets', 2, 0, 9],
  ['Metadata', 3, 0, 12],
  ['OffsetCommit', 8, 0, 9],
  ['OffsetFetch', 9, 0, 9],
  ['FindCoordinator', 10, 0, 6],
  ['JoinGroup', 11, 0, 9],
  ['Heartbeat', 12, 0, 4],
  ['LeaveGroup', 13, 0, 5],
  ['SyncGroup', 14, 0, 5],
  ['DescribeGroups', 15, 0, 5],
  ['ListGroups', 16, 0, 5],
  ['SaslHandshake', 17, 0, 1],
  ['ApiVersions', 18, 0, 4],
  ['CreateTopics', 19, 0, 7],
  ['DeleteTopics', 20, 0, 6],
  ['DeleteRecords', 21, 0, 2],
  ['InitProducerId', 22, 0, 5],
  ['DescribeConfigs', 32, 0, 4],
  ['AlterConfigs', 33, 0, 2],
  ['SaslAuthenticate', 36, 0, 2],
  ['CreatePartitions', 37, 0, 3],
  ['DeleteGroups', 42, 0, 2],
  ['IncrementalAlterConfigs', 44, 0, 1],
  ['OffsetDelete', 47, 0, 0],
  ['DescribeCluster', 60, 0, 1],
];

const FLEXIBLE_FROM: Record<string, number | null> = {
  Produce: 9,
  Fetch: 12,
  ListOffsets: 6,
  Metadata: 9,
  OffsetCommit: 8,
  OffsetFetch: 6,
  FindCoordinator: 3,
  JoinGroup: 6,
  Heartbeat: 4,
  LeaveGroup: 4,
  SyncGroup: 4,
  DescribeGroups: 5,
  ListGroups: 3,
  SaslHandshake: null,
  ApiVersions: 3,
  CreateTopics: 5,
  DeleteTopics: 4,
  DeleteRecords: 2,
  InitProducerId: 2,
  DescribeConfigs: 4,
  AlterConfigs: 2,
  SaslAuthenticate: 2,
  CreatePartitions: 2,
  DeleteGroups: 2,
  IncrementalAlterConfigs: 1,
  OffsetDelete: null,
  DescribeCluster: 0,
};

const INT_RANGES: Partial<Record<Primitive, [number, number]>> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

function checkRange(spec: string | undefined, what: string): { min: number; max: number } {
  const r = parseVersions(spec);
  expect(Number.isInteger(r.min) && r.min >= 0, `${what}: '${spec}'`).toBe(true);
  expect(Number.isInteger(r.max) || r.max === Number.POSITIVE_INFINITY, `${what}: '${spec}'`).toBe(true);
  expect(r.min <= r.max, `${what}: '${spec}' is empty`).toBe(true);
  return r;
}

/** Checks one struct; `lo..hi` is the span of versions in which the struct itself exists. */
function checkStruct(api: ApiDefinition, path: string, fields: readonly FieldDef[], lo: number, hi: number): void {
  const names = new Set<string>();
  const tags = new Set<number>();
  for (const def of fields) {
    const where = `${path}.${def.name}`;
    expect(def.name, where).toMatch(/^[a-z][A-Za-z0-9]*$/);
    expect(names.has(def.name), `${where} declared twice`).toBe(false);
    names.add(def.name);

    const r = checkRange(def.versions, `${where} versions`);
    // The field must exist in at least one version in which its container exists.
    const flo = Math.max(r.min, lo);
    const fhi = Math.min(r.max, hi);
    expect(flo <= fhi, `${where} versions '${def.versions}' lie outside ${lo}-${hi}`).toBe(true);

    if (def.nullableVersions !== undefined) {
      const n = checkRange(def.nullableVersions, `${where} nullableVersions`);
      expect(Math.max(n.min, flo) <= Math.min(n.max, fhi), `${where} is never nullable where it exists`).toBe(true);
      expect(def.type === 'records' || isArray(def.type) || isStruct(def.type) || ['string', 'bytes'].includes(def.type as string), `${where}: a ${String(def.type)} cannot be nullable`).toBe(true);
    }

    expect(def.taggedVersions === undefined, `${where}: tag and taggedVersions go together`).toBe(def.tag === undefined);
    if (def.taggedVersions !== undefined) {
      const t = checkRange(def.taggedVersions, `${where} taggedVersions`);
      expect(api.flexibleFrom, `${where}: tagged in a non-flexible API`).not.toBeNull();
      expect(t.min, `${where}: tagged before the first flexible version`).toBeGreaterThanOrEqual(api.flexibleFrom!);
      expect(t.min >= r.min && t.max <= r.max, `${where}: tagged outside its versions`).toBe(true);
      expect(Number.isInteger(def.tag) && def.tag! >= 0, where).toBe(true);
      expect(tags.has(def.tag!), `${where}: tag ${def.tag} reused`).toBe(false);
      tags.add(def.tag!);
    }

    if (def.default === null) {
      // null as a default: the field is null wherever it is absent, so it must be nullable wherever it is present.
      const n = parseVersions(def.nullableVersions);
      expect(n.min <= r.min && n.max >= r.max, `${where}: default null but not nullable in all its versions`).toBe(true);
    } else if (def.default !== undefined) {
      const t = def.type;
      if (t === 'int64') expect(typeof def.default, `${where} default`).toBe('bigint');
      else if (t === 'bool') expect(typeof def.default, `${where} default`).toBe('boolean');
      else if (typeof t === 'string' && INT_RANGES[t]) {
        const [min, max] = INT_RANGES[t]!;
        expect(Number.isInteger(def.default) && (def.default as number) >= min && (def.default as number) <= max, `${where} default`).toBe(true);
      } else if (t === 'string') expect(typeof def.default, `${where} default`).toBe('string');
      else throw new Error(`${where}: unexpected explicit default for ${JSON.stringify(t)}`);
    }

    const inner = isArray(def.type) ? def.type.arrayOf : def.type;
    if (isStruct(inner)) {
      expect(inner.length, `${where}: empty struct`).toBeGreaterThan(0);
      checkStruct(api, where, inner, flo, fhi);
    } else {
      expect(['bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64', 'string', 'bytes', 'uuid', 'records']).toContain(inner);
    }
  }
}

describe('definitions', () => {
  it('cover at least the required versions, under the right keys and names', () => {
    for (const [name, key, min, max] of REQUIRED) {
      const api = apiByKey(key);
      expect(api, name).toBeDefined();
      expect(api!.name).toBe(name);
      expect(api!.versions[0], name).toBeLessThanOrEqual(min);
      expect(api!.versions[1], name).toBeGreaterThanOrEqual(max);
    }
    expect(allApis.map((a) => a.name).sort()).toEqual(REQUIRED.map(([n]) => n).sort());
  });

  it('allApis is ordered by key without duplicates, and apiByKey finds each', () => {
    const keys = allApis.map((a) => a.apiKey);
    expect(keys).toEqual([...new Set(keys)].sort((a, b) => a - b));
    for (const api of allApis) expect(apiByKey(api.apiKey)).toBe(api);
    expect(apiByKey(-1)).toBeUndefined();
    expect(apiByKey(1000)).toBeUndefined();
  });

  it('flexibleFrom matches the first flexible version of each API', () => {
    for (const api of allApis) expect(api.flexibleFrom, api.name).toBe(FLEXIBLE_FROM[api.name]);
  });

  it.each(allApis.map((api) => ({ api, name: api.name })))('$name: versions, tags, nullability and defaults are consistent', ({ api }) => {
    const [lo, hi] = api.versions;
    expect(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 0 && lo <= hi).toBe(true);
    if (api.flexibleFrom !== null) expect(api.flexibleFrom >= lo && api.flexibleFrom <= hi, 'flexibleFrom within versions').toBe(true);
    checkStruct(api, `${api.name}.request`, api.request, lo, hi);
    checkStruct(api, `${api.name}.response`, api.response, lo, hi);
  });

  it('the checker itself rejects broken definitions', () => {
    const bad = (fields: FieldDef[]) => () =>
      checkStruct({ name: 'X', apiKey: 999, versions: [0, 3], flexibleFrom: 2, request: fields, response: [] }, 'X', fields, 0, 3);
    const f = (name: string, type: FieldType, versions: string, extra: Partial<FieldDef> = {}): FieldDef => ({ name, type, versions, ...extra });
    expect(bad([f('a', 'int32', '4+')])).toThrow();
    expect(bad([f('a', 'int32', '0+', { taggedVersions: '0+', tag: 0 })])).toThrow();
    expect(bad([f('a', 'int32', '2+', { taggedVersions: '2+' })])).toThrow();
    expect(bad([f('a', 'int32', '0+', { nullableVersions: '0+' })])).toThrow();
    expect(bad([f('a', 'int64', '0+', { default: -1 })])).toThrow();
    expect(bad([f('a', 'int32', '0+'), f('a', 'int16', '0+')])).toThrow();
    expect(bad([f('a', { arrayOf: [f('b', 'int32', '3+')] }, '0-1')])).toThrow();
    expect(bad([f('A', 'int32', '0+')])).toThrow();
    expect(bad([f('a', 'string', '0+', { nullableVersions: '1+', default: null })])).toThrow();
    expect(bad([f('a', 'int32', '0+', { default: -1 }), f('b', 'string', '2+', { nullableVersions: '2+', taggedVersions: '2+', tag: 0 })])).not.toThrow();
  });
});
