/**
 * Sluice's protocol codec against bytes captured from real third-party clients.
 *
 * test/fixtures/wire/ holds request frames that kcat (librdkafka), kafka-python,
 * confluent-kafka (librdkafka), kafkajs and @platformatic/kafka actually sent, and the
 * response frames our broker answered them with (captured by
 * test/fixtures/capture-wire-fixtures.ts through test/support/capture-proxy.ts; run by hand,
 * not by this suite). For every fixture:
 *   - a request is decoded with our definitions (header + body, every byte consumed) and
 *     re-encoded with encodeRequest from the decoded header and body: the bytes must be
 *     identical to what the client sent;
 *   - a response is decoded (every byte consumed, correlation id of its request) and
 *     re-encoded with encodeResponse: identical bytes again.
 * A client may legally encode something differently from us (tagged-field order, a
 * default-valued tagged field sent explicitly, ...). Such a case must be listed in
 * KNOWN_ENCODING_VARIANTS below with its reason; the byte check is never loosened globally.
 *
 * Then per client a few semantic facts, so a wrong definition that happens to round-trip
 * (e.g. two fields swapped) still fails: negotiated versions against the REFERENCE table
 * (/work/shared/REFERENCE.md section 1, copied below as numbers), record batches with valid
 * CRC-32C, keys and headers the workload put in, and so on.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiByKey } from '../../../broker/protocol/messages/index.ts';
import { decodeRequestBody, decodeResponse, encodeRequest, encodeResponse, readRequestHeaderPrefix, readRequestHeaderRest } from '../../../broker/protocol/message-codec.ts';
import { Reader } from '../../../broker/protocol/primitives/reader.ts';
import { readResponseHeader, responseHeaderIsFlexible, type RequestHeader } from '../../../broker/protocol/request-header.ts';
import { compileStruct, type Message } from '../../../broker/protocol/schema/codec.ts';
import { isFlexible, type ApiDefinition } from '../../../broker/protocol/schema/definition.ts';
import { batchCrcMatches } from '../../../broker/protocol/records/crc32c.ts';
import { BatchOffset, CompressionCodec, batchSizeAt, readBatchHeader } from '../../../broker/protocol/records/batch-header.ts';
import { decodeRecordBatch, type DecodedRecordBatch } from '../../../broker/protocol/records/record-batch.ts';

const WIRE = resolve(import.meta.dirname, '../../fixtures/wire');

interface FixtureEntry {
  client: string;
  clientVersion: string;
  apiKey: number;
  apiName: string;
  version: number;
  file: string;
  pairedResponse: string | null;
  responseVersion: number | null;
  correlationId: number;
  clientId: string | null;
  connection: number;
  requestSeq: number;
  responseSeq: number | null;
}

const index: FixtureEntry[] = JSON.parse(readFileSync(join(WIRE, 'index.json'), 'utf8'));
const CLIENTS = ['kcat', 'kafka-python', 'confluent-kafka', 'kafkajs', 'platformatic'] as const;
const BASIC_APIS = ['ApiVersions', 'Metadata', 'Produce', 'Fetch', 'ListOffsets'];
const GROUP_APIS = ['FindCoordinator', 'JoinGroup', 'SyncGroup', 'Heartbeat', 'LeaveGroup', 'OffsetCommit', 'OffsetFetch'];

/**
 * Fixtures a client encodes legally but differently from our encoder, keyed by request or
 * response file. Each must say why; the check for it compares against `normalize(captured)`
 * instead of the captured bytes. None are needed for the current captures: every client
 * encodes every captured message exactly as Sluice's codec does.
 */
const KNOWN_ENCODING_VARIANTS: Record<string, { reason: string; normalize: (captured: Buffer) => Buffer }> = {};

// ---------------------------------------------------------------------------------------------
// Helpers

function load(file: string): Buffer {
  return readFileSync(join(WIRE, file));
}

function apiOf(entry: FixtureEntry): ApiDefinition {
  const api = apiByKey(entry.apiKey);
  if (!api) throw new Error(`no definition for API key ${entry.apiKey} (${entry.apiName})`);
  return api;
}

interface DecodedRequest {
  header: RequestHeader;
  body: Message;
}

function decodeRequestFrame(frame: Buffer): DecodedRequest {
  const r = new Reader(frame);
  const prefix = readRequestHeaderPrefix(r);
  const api = apiByKey(prefix.apiKey);
  if (!api) throw new Error(`no definition for API key ${prefix.apiKey}`);
  const { clientId } = readRequestHeaderRest(r, isFlexible(api, prefix.apiVersion));
  // decodeRequestBody throws if any byte is left over.
  const body = decodeRequestBody(api, prefix.apiVersion, r);
  return { header: { ...prefix, clientId }, body };
}

/** Decodes a response and insists that the body consumed the whole frame (decodeResponse does not check). */
function decodeResponseFrame(api: ApiDefinition, version: number, frame: Buffer): { correlationId: number; body: Message } {
  const flexible = isFlexible(api, version);
  const r = new Reader(frame);
  readResponseHeader(r, responseHeaderIsFlexible(api.apiKey, flexible));
  compileStruct(api.response, version, flexible).read(r);
  if (r.remaining !== 0) throw new Error(`${api.name} v${version} response has ${r.remaining} trailing bytes`);
  return decodeResponse(api, version, frame);
}

/** Describes where two encodings first differ, or returns 'identical'. */
function compareBytes(actual: Buffer, expected: Buffer): string {
  if (actual.equals(expected)) return 'identical';
  let at = 0;
  while (at < actual.length && at < expected.length && actual[at] === expected[at]) at++;
  const around = (b: Buffer) => b.subarray(Math.max(0, at - 8), at + 16).toString('hex');
  return (
    `re-encoded ${actual.length} bytes vs captured ${expected.length}; first difference at offset ${at}: ` +
    `ours ...${around(actual)}... captured ...${around(expected)}...`
  );
}

function entriesOf(client: string): FixtureEntry[] {
  return index.filter((e) => e.client === client);
}

function entry(client: string, apiName: string, version?: number): FixtureEntry {
  const found = index.filter((e) => e.client === client && e.apiName === apiName && (version === undefined || e.version === version));
  if (found.length !== 1) {
    throw new Error(`expected one ${client} ${apiName}${version === undefined ? '' : ` v${version}`} fixture, found ${found.map((e) => `v${e.version}`).join(', ') || 'none'}`);
  }
  return found[0];
}

function request(client: string, apiName: string, version?: number): DecodedRequest {
  return decodeRequestFrame(load(entry(client, apiName, version).file));
}

function response(client: string, apiName: string, version?: number): Message {
  const e = entry(client, apiName, version);
  if (!e.pairedResponse) throw new Error(`${client} ${apiName} v${e.version} has no captured response`);
  return decodeResponseFrame(apiOf(e), e.responseVersion!, load(e.pairedResponse)).body;
}

/** The broker's advertised [min, max] per API key, from the ApiVersions answer this client got. */
function brokerRanges(client: string): Map<number, [number, number]> {
  const e = index.find((x) => x.client === client && x.apiKey === 18 && x.pairedResponse && x.responseVersion === x.version);
  if (!e) throw new Error(`${client} has no successful ApiVersions exchange`);
  const body = decodeResponseFrame(apiOf(e), e.responseVersion!, load(e.pairedResponse!)).body;
  expect(body.errorCode).toBe(0);
  return new Map(body.apiKeys.map((k: Message) => [k.apiKey, [k.minVersion, k.maxVersion]]));
}

function brokerMaxVersions(client: string): Map<number, number> {
  return new Map([...brokerRanges(client)].map(([key, [, max]]) => [key, max]));
}

/** Every batch in a `records` field: sizes, magic and CRC-32C (checked by crc32c.ts) first, then decoded. */
function batchesIn(records: Buffer | null): DecodedRecordBatch[] {
  expect(records).not.toBeNull();
  const buf = records!;
  const out: DecodedRecordBatch[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const size = batchSizeAt(buf, pos);
    expect(pos + size).toBeLessThanOrEqual(buf.length);
    expect(buf.readInt8(pos + BatchOffset.magic)).toBe(2);
    expect(batchCrcMatches(buf, pos, size)).toBe(true);
    const header = readBatchHeader(buf, pos);
    expect(header.recordsCount).toBe(header.lastOffsetDelta + 1);
    out.push(decodeRecordBatch(buf, pos));
    pos += size;
  }
  expect(out.length).toBeGreaterThan(0);
  return out;
}

function producedBatches(client: string): DecodedRecordBatch[] {
  const { body } = request(client, 'Produce');
  expect(body.topicData).toHaveLength(1);
  expect(body.topicData[0].partitionData).toHaveLength(1);
  return batchesIn(body.topicData[0].partitionData[0].records);
}

const text = (b: Buffer | null) => (b === null ? null : b.toString('utf8'));
const headersOf = (rec: { headers: { key: string; value: Buffer | null }[] }) => rec.headers.map((h) => [h.key, h.value?.toString('hex') ?? null]);

// ---------------------------------------------------------------------------------------------
// The fixture set itself

describe('wire fixture set', () => {
  it('lists exactly the files on disk, all small', () => {
    const onDisk: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.endsWith('.bin')) onDisk.push(relative(WIRE, p));
      }
    };
    walk(WIRE);
    const listed = index.flatMap((e) => [e.file, ...(e.pairedResponse ? [e.pairedResponse] : [])]);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(onDisk.sort());
    const total = onDisk.reduce((n, f) => n + statSync(join(WIRE, f)).size, 0);
    expect(total).toBeLessThan(1024 * 1024);
  });

  it('has one entry per (client, API, version), with metadata matching the frame header', () => {
    const keys = index.map((e) => `${e.client}/${e.apiKey}/${e.version}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const e of index) {
      const frame = load(e.file);
      expect(frame.readInt16BE(0), e.file).toBe(e.apiKey);
      expect(frame.readInt16BE(2), e.file).toBe(e.version);
      expect(frame.readInt32BE(4), e.file).toBe(e.correlationId);
      expect(apiOf(e).name).toBe(e.apiName);
      expect(e.file).toBe(`${e.client}/${e.apiName.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}-v${e.version}-request.bin`);
      if (e.pairedResponse) expect(e.pairedResponse).toBe(e.file.replace(/-request\.bin$/, '-response.bin'));
    }
  });

  it.each(CLIENTS)('covers the produce, consume and consumer-group exchanges of %s, all answered', (client) => {
    const names = new Set(entriesOf(client).filter((e) => e.pairedResponse).map((e) => e.apiName));
    for (const api of [...BASIC_APIS, ...GROUP_APIS]) expect(names, `${client} ${api}`).toContain(api);
  });

  it('has no leftover variant entries for files that no longer exist', () => {
    for (const file of Object.keys(KNOWN_ENCODING_VARIANTS)) expect(existsSync(join(WIRE, file)), file).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Byte-identical round trips

for (const client of CLIENTS) {
  describe(`${client} fixtures round-trip byte-identically`, () => {
    for (const e of entriesOf(client)) {
      it(`${e.apiName} v${e.version} request (${e.file})`, () => {
        const frame = load(e.file);
        const { header, body } = decodeRequestFrame(frame);
        expect(header).toEqual({ apiKey: e.apiKey, apiVersion: e.version, correlationId: e.correlationId, clientId: e.clientId });
        const reencoded = Buffer.concat(encodeRequest(apiOf(e), header, body));
        const variant = KNOWN_ENCODING_VARIANTS[e.file];
        expect(compareBytes(reencoded, variant ? variant.normalize(frame) : frame)).toBe('identical');
      });

      if (e.pairedResponse) {
        it(`${e.apiName} v${e.responseVersion} response (${e.pairedResponse})`, () => {
          const frame = load(e.pairedResponse!);
          const api = apiOf(e);
          const { correlationId, body } = decodeResponseFrame(api, e.responseVersion!, frame);
          expect(correlationId).toBe(e.correlationId);
          const reencoded = Buffer.concat(encodeResponse(api, e.responseVersion!, correlationId, body));
          const variant = KNOWN_ENCODING_VARIANTS[e.pairedResponse!];
          expect(compareBytes(reencoded, variant ? variant.normalize(frame) : frame)).toBe('identical');
        });
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// What each client sent, semantically

/** librdkafka 2.0.2's group-protocol maxima (REFERENCE.md section 1), shared by kcat and confluent-kafka. */
const LIBRDKAFKA_GROUP_MAX = { OffsetCommit: 7, OffsetFetch: 7, FindCoordinator: 2, JoinGroup: 5, Heartbeat: 3, LeaveGroup: 1, SyncGroup: 3 };

/**
 * Highest versions each client implements, from REFERENCE.md section 1 (only APIs captured here).
 * Left out on purpose: confluent-kafka's ListGroups/DescribeGroups, which come from librdkafka's
 * legacy rd_kafka_list_groups() and are pinned to v0 (asserted separately below).
 */
const CLIENT_MAX: Record<string, Record<string, number>> = {
  kcat: { Produce: 7, Fetch: 11, ListOffsets: 2, Metadata: 4, ApiVersions: 3, ...LIBRDKAFKA_GROUP_MAX },
  'confluent-kafka': {
    Produce: 7,
    Fetch: 11,
    ListOffsets: 2,
    Metadata: 4,
    ApiVersions: 3,
    CreateTopics: 4,
    DeleteTopics: 1,
    DescribeConfigs: 1,
    ...LIBRDKAFKA_GROUP_MAX,
  },
  kafkajs: {
    Produce: 7,
    Fetch: 11,
    ListOffsets: 3,
    Metadata: 6,
    ApiVersions: 2,
    CreateTopics: 3,
    DeleteTopics: 1,
    DeleteRecords: 1,
    DescribeConfigs: 2,
    AlterConfigs: 1,
    OffsetCommit: 5,
    OffsetFetch: 4,
    FindCoordinator: 2,
    JoinGroup: 5,
    Heartbeat: 3,
    LeaveGroup: 3,
    SyncGroup: 3,
    DescribeGroups: 2,
    ListGroups: 2,
  },
  platformatic: {
    Produce: 11,
    Fetch: 17,
    ListOffsets: 9,
    Metadata: 12,
    CreateTopics: 7,
    DeleteTopics: 6,
    DeleteRecords: 2,
    DescribeConfigs: 4,
    IncrementalAlterConfigs: 1,
    OffsetCommit: 9,
    OffsetFetch: 9,
    FindCoordinator: 6,
    JoinGroup: 9,
    Heartbeat: 4,
    LeaveGroup: 5,
    SyncGroup: 5,
    DescribeGroups: 5,
    ListGroups: 5,
  },
};

describe('negotiated versions', () => {
  // kafkajs, librdkafka and platformatic take the highest version both sides speak.
  for (const client of ['kcat', 'confluent-kafka', 'kafkajs', 'platformatic']) {
    it(`${client} uses min(its max, the broker's advertised max) for every API in the reference table`, () => {
      const broker = brokerMaxVersions(client);
      const maxima = CLIENT_MAX[client];
      for (const e of entriesOf(client)) {
        if (e.apiName === 'ApiVersions' || !(e.apiName in maxima)) continue;
        expect(e.version, `${client} ${e.apiName}`).toBe(Math.min(maxima[e.apiName], broker.get(e.apiKey)!));
      }
      for (const name of Object.keys(maxima)) {
        if (name !== 'ApiVersions') expect(entriesOf(client).some((e) => e.apiName === name), `${client} ${name} captured`).toBe(true);
      }
    });
  }

  it('kafkajs Metadata is v6 (REFERENCE: kafkajs 0-6; broker advertises more)', () => {
    expect(brokerMaxVersions('kafkajs').get(3)).toBeGreaterThanOrEqual(6);
    expect(entriesOf('kafkajs').filter((e) => e.apiName === 'Metadata').map((e) => e.version)).toEqual([6]);
  });

  it('kafka-python uses its hard-coded versions (REFERENCE table) for the producer and consumer', () => {
    const versions = (name: string) => entriesOf('kafka-python').filter((e) => e.apiName === name).map((e) => e.version);
    expect(versions('ApiVersions')).toEqual([0]);
    expect(versions('Produce')).toEqual([7]);
    expect(versions('Fetch')).toEqual([4]);
    expect(versions('ListOffsets')).toEqual([1]);
    expect(versions('FindCoordinator')).toEqual([0]);
    expect(versions('JoinGroup')).toEqual([2]);
    expect(versions('SyncGroup')).toEqual([1]);
    expect(versions('Heartbeat')).toEqual([1]);
    expect(versions('LeaveGroup')).toEqual([1]);
    expect(versions('OffsetCommit')).toEqual([2]);
    // v0 probe, v1 for clients, up to v5 for the admin client.
    expect(versions('Metadata')).toEqual([0, 1, 5]);
    // The consumer fetches committed offsets with v1; the admin client takes min(3, broker max).
    expect(versions('OffsetFetch')).toEqual([1, 3]);
    // Admin: DescribeGroups min(3, broker max). ListGroups should be min(2, broker max) too, but
    // kafka-python 2.0.2's ListGroups "v2" request class declares API version 1, so v1 goes out.
    expect(versions('DescribeGroups')).toEqual([3]);
    expect(versions('ListGroups')).toEqual([1]);
  });

  it("confluent-kafka's list_groups() (librdkafka's legacy rd_kafka_list_groups) pins ListGroups and DescribeGroups to v0", () => {
    expect(entriesOf('confluent-kafka').filter((e) => e.apiName === 'ListGroups' || e.apiName === 'DescribeGroups').map((e) => [e.apiName, e.version])).toEqual([
      ['DescribeGroups', 0],
      ['ListGroups', 0],
    ]);
  });
});

describe('kcat (librdkafka 2.0.2)', () => {
  it('introduces itself in ApiVersions v3 (flexible request, header v2)', () => {
    const { header, body } = request('kcat', 'ApiVersions', 3);
    expect(header.clientId).toBe('rdkafka');
    expect(body).toMatchObject({ clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' });
    // The answer uses response header v0 even though v3 is flexible: no tagged-field byte after the
    // correlation id, so the error code sits at 4-5 and the compact apiKeys length (N + 1) at 6.
    const res = load(entry('kcat', 'ApiVersions', 3).pairedResponse!);
    const { apiKeys } = response('kcat', 'ApiVersions', 3);
    expect(res.readInt16BE(4)).toBe(0);
    expect(res[6]).toBe(apiKeys.length + 1);
  });

  it('asks Metadata v4 for brokers only (empty, non-null topic array) without auto-creation', () => {
    expect(request('kcat', 'Metadata').body).toMatchObject({ topics: [], allowAutoTopicCreation: false });
    const res = response('kcat', 'Metadata');
    expect(res.brokers).toHaveLength(1);
    expect(res.topics).toEqual([]);
  });

  it('sends Produce v7 with one gzip magic-2 batch whose CRC-32C is valid, carrying the keys and headers', () => {
    const { body } = request('kcat', 'Produce', 7);
    expect(body.acks).toBe(-1);
    expect(body.transactionalId).toBeNull();
    const [batch] = producedBatches('kcat');
    // `-z gzip` was asked for. librdkafka 2.0.2 only honours gzip/snappy/lz4 when the broker's
    // Produce range includes v0 (rdkafka_msgset_writer.c checks Produce [0, 0]); otherwise it
    // silently sends the batch uncompressed. Sluice advertises Produce from v0 for that reason.
    const [produceMin] = brokerRanges('kcat').get(0)!;
    expect(produceMin).toBe(0);
    expect(batch.compression).toBe(CompressionCodec.gzip);
    expect(batch.producerId).toBe(-1n);
    expect(batch.records.map((r) => [text(r.key), text(r.value)])).toEqual([
      ['key-1', `value one ${'x'.repeat(200)}`],
      ['key-2', `value two ${'y'.repeat(200)}`],
    ]);
    for (const r of batch.records) expect(headersOf(r)).toEqual([['trace', Buffer.from('abc').toString('hex')], ['empty', '']]);
  });

  it('fetches (Fetch v11) the batch back as it was produced, apart from the broker-owned prefix', () => {
    const produced = request('kcat', 'Produce').body.topicData[0].partitionData[0].records as Buffer;
    const { body } = request('kcat', 'Fetch', 11);
    expect(body.topics[0]).toMatchObject({ topic: 'kcat-wire', partitions: [{ partition: 0, fetchOffset: 0n }] });
    const part = response('kcat', 'Fetch', 11).responses[0].partitions[0];
    expect(part).toMatchObject({ errorCode: 0, highWatermark: 2n });
    const [batch] = batchesIn(part.records);
    expect(batch.baseOffset).toBe(0n);
    // baseOffset and partitionLeaderEpoch belong to the broker; from magic on the bytes are the producer's.
    const fetched = part.records as Buffer;
    expect(fetched.subarray(BatchOffset.magic, batch.size).equals(produced.subarray(BatchOffset.magic))).toBe(true);
  });

  it('resolves "beginning" with ListOffsets v2 timestamp -2 (earliest)', () => {
    const { body } = request('kcat', 'ListOffsets', 2);
    expect(body.topics[0].partitions[0]).toMatchObject({ partitionIndex: 0, timestamp: -2n });
    expect(response('kcat', 'ListOffsets', 2).topics[0].partitions[0]).toMatchObject({ errorCode: 0, offset: 0n });
  });
});

describe('kafka-python 2.0.2', () => {
  it('sends ApiVersions v0 (empty body) followed by a Metadata v0 probe on the same connection', () => {
    const av = entry('kafka-python', 'ApiVersions', 0);
    const md = entry('kafka-python', 'Metadata', 0);
    const frame = load(av.file);
    // Header v1 only: api key, version, correlation id, client id; no body.
    expect(frame.length).toBe(8 + 2 + Buffer.byteLength(av.clientId!));
    expect(md.connection).toBe(av.connection);
    // The very next request: kafka-python sends the probe without reading the ApiVersions answer
    // first (it does not wait on the socket; whether the answer has arrived by then is timing).
    expect(md.correlationId).toBe(av.correlationId + 1);
    expect(md.requestSeq).toBeGreaterThan(av.requestSeq);
    // Metadata v0 cannot say "all topics" with null; an empty array means all.
    expect(request('kafka-python', 'Metadata', 0).body.topics).toEqual([]);
    expect(response('kafka-python', 'Metadata', 0).brokers).toHaveLength(1);
  });

  it('asks for all topics with a null array from Metadata v1 on', () => {
    expect(request('kafka-python', 'Metadata', 1).body.topics).toBeNull();
    expect(request('kafka-python', 'Metadata', 5).body).toMatchObject({ topics: null, allowAutoTopicCreation: false });
  });

  it('sends Produce v7 (acks=all) with an uncompressed magic-2 batch with valid CRC, keys, null key and binary headers', () => {
    expect(request('kafka-python', 'Produce', 7).body.acks).toBe(-1);
    const [batch] = producedBatches('kafka-python');
    expect(batch.compression).toBe(CompressionCodec.none);
    expect(batch.records.map((r) => [text(r.key), text(r.value)])).toEqual([
      ['k1', 'v1'],
      [null, 'v2'],
    ]);
    expect(headersOf(batch.records[0])).toEqual([
      ['h', '31'],
      ['bin', '00ff'],
    ]);
    expect(batch.records[1].headers).toEqual([]);
  });

  it('fetches with Fetch v4 (read_uncommitted) and gets the batch back with a valid CRC', () => {
    const { body } = request('kafka-python', 'Fetch', 4);
    expect(body).toMatchObject({ replicaId: -1, isolationLevel: 0 });
    const part = response('kafka-python', 'Fetch', 4).responses[0].partitions[0];
    expect(part.errorCode).toBe(0);
    const [batch] = batchesIn(part.records);
    expect(batch.records.map((r) => text(r.value))).toEqual(['v1', 'v2']);
  });

  it('looks up its group coordinator with FindCoordinator v0 (key only)', () => {
    expect(request('kafka-python', 'FindCoordinator', 0).body.key).toBe('kp-wire-group');
  });

  it('creates the topic with CreateTopics v3 (1 partition, replication 1)', () => {
    expect(request('kafka-python', 'CreateTopics', 3).body.topics).toEqual([
      { name: 'kp-wire', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] },
    ]);
    expect(response('kafka-python', 'CreateTopics', 3).topics[0]).toMatchObject({ name: 'kp-wire', errorCode: 0 });
  });
});

describe('confluent-kafka (librdkafka 2.0.2)', () => {
  it('introduces itself in ApiVersions v3 as confluent-kafka-python on librdkafka 2.0.2', () => {
    const { header, body } = request('confluent-kafka', 'ApiVersions', 3);
    expect(header.clientId).toBe('ck-wire');
    expect(body.clientSoftwareName).toBe('confluent-kafka-python');
    expect(body.clientSoftwareVersion).toMatch(/rdkafka-2\.0\.2$/);
  });

  it('negotiates the same versions as kcat for the APIs both used', () => {
    const kcat = new Map(entriesOf('kcat').map((e) => [e.apiName, e.version]));
    for (const e of entriesOf('confluent-kafka')) if (kcat.has(e.apiName)) expect(e.version, e.apiName).toBe(kcat.get(e.apiName));
  });

  it('sends Produce v7 with a valid magic-2 batch carrying the header', () => {
    const [batch] = producedBatches('confluent-kafka');
    expect(batch.records.map((r) => [text(r.key), text(r.value)])).toEqual([
      ['k1', 'v1'],
      [null, 'v2'],
    ]);
    expect(headersOf(batch.records[0])).toEqual([['h', '31']]);
  });

  it('uses CreatePartitions v0 and DescribeConfigs v1 with synonyms', () => {
    expect(request('confluent-kafka', 'CreatePartitions', 0).body.topics).toEqual([{ name: 'ck-wire', count: 2, assignments: null }]);
    expect(request('confluent-kafka', 'DescribeConfigs', 1).body).toMatchObject({
      resources: [{ resourceType: 2, resourceName: 'ck-wire', configurationKeys: null }],
      includeSynonyms: true,
    });
    const configs = response('confluent-kafka', 'DescribeConfigs', 1).results[0].configs as Message[];
    expect(configs.length).toBeGreaterThan(0);
    expect(configs.every((c) => Array.isArray(c.synonyms))).toBe(true);
  });
});

describe('kafkajs 2.2.4', () => {
  it('sends ApiVersions v2 with an empty body', () => {
    const e = entry('kafkajs', 'ApiVersions', 2);
    expect(load(e.file).length).toBe(8 + 2 + Buffer.byteLength(e.clientId!));
    expect(e.clientId).toBe('kafkajs-wire');
  });

  it('sends Produce v7 with a gzip-compressed magic-2 batch whose CRC is valid', () => {
    expect(request('kafkajs', 'Produce', 7).body.acks).toBe(-1);
    const [batch] = producedBatches('kafkajs');
    expect(batch.compression).toBe(CompressionCodec.gzip);
    expect(batch.records.map((r) => [text(r.key), text(r.value)])).toEqual([
      ['k1', 'v1'],
      [null, 'v2'],
    ]);
    expect(headersOf(batch.records[0])).toEqual([
      ['h', '31'],
      ['bin', '00ff'],
    ]);
  });

  it('reads offsets with ListOffsets v3 (latest, read_committed) and deletes records with DeleteRecords v1', () => {
    expect(request('kafkajs', 'ListOffsets', 3).body).toMatchObject({ isolationLevel: 1 });
    const offsets = response('kafkajs', 'ListOffsets', 3).topics[0].partitions.map((p: Message) => [p.partitionIndex, p.offset]);
    expect(offsets).toContainEqual([0, 2n]);
    expect(request('kafkajs', 'DeleteRecords', 1).body.topics).toEqual([{ name: 'kjs-wire', partitions: [{ partitionIndex: 0, offset: 1n }] }]);
    expect(response('kafkajs', 'DeleteRecords', 1).topics[0].partitions[0]).toMatchObject({ lowWatermark: 1n, errorCode: 0 });
  });
});

describe('@platformatic/kafka 2.12', () => {
  it('introduces itself in ApiVersions v3', () => {
    expect(request('platformatic', 'ApiVersions', 3).body).toMatchObject({ clientSoftwareName: 'platformatic-kafka' });
  });

  it('picks the broker max for every captured API', () => {
    const broker = brokerMaxVersions('platformatic');
    for (const e of entriesOf('platformatic')) expect(e.version, e.apiName).toBe(broker.get(e.apiKey));
  });

  it('fetches (Fetch v17) by the topic id that Metadata v12 and CreateTopics v7 returned', () => {
    const md = response('platformatic', 'Metadata', 12).topics.find((t: Message) => t.name === 'plat-wire');
    const created = response('platformatic', 'CreateTopics', 7).topics[0];
    expect(md.topicId.equals(Buffer.alloc(16))).toBe(false);
    expect(created.topicId.equals(md.topicId)).toBe(true);
    const fetchTopic = request('platformatic', 'Fetch', 17).body.topics[0];
    expect(fetchTopic.topicId.equals(md.topicId)).toBe(true);
    const res = response('platformatic', 'Fetch', 17).responses[0];
    expect(res.topicId.equals(md.topicId)).toBe(true);
    const [batch] = batchesIn(res.partitions[0].records);
    expect(batch.records.map((r) => [text(r.key), text(r.value)])).toEqual([
      ['k1', 'v1'],
      [null, 'v2'],
    ]);
  });

  it('sends Produce v11 (flexible) with a valid magic-2 batch and acks=1', () => {
    expect(request('platformatic', 'Produce', 11).body.acks).toBe(1);
    const [batch] = producedBatches('platformatic');
    expect(headersOf(batch.records[0])).toEqual([['h', '31']]);
  });

  it('sets a topic config with IncrementalAlterConfigs v1', () => {
    expect(request('platformatic', 'IncrementalAlterConfigs', 1).body.resources).toEqual([
      { resourceType: 2, resourceName: 'plat-wire', configs: [{ name: 'retention.ms', configOperation: 0, value: '86400000' }] },
    ]);
    expect(response('platformatic', 'IncrementalAlterConfigs', 1).responses[0]).toMatchObject({ errorCode: 0, resourceName: 'plat-wire' });
  });
});

// ---------------------------------------------------------------------------------------------
// Consumer groups, for every client

const GROUPS: Record<string, { group: string; firstLookup: string; topic: string; protocols: string[] }> = {
  kcat: { group: 'kcat-wire-group', firstLookup: 'kcat-wire-group', topic: 'kcat-wire', protocols: ['range', 'roundrobin'] },
  'kafka-python': { group: 'kp-wire-group', firstLookup: 'kp-wire-group', topic: 'kp-wire', protocols: ['range', 'roundrobin'] },
  // librdkafka looks up the coordinator of any consumer with a group.id, even an assign()-only one.
  'confluent-kafka': { group: 'ck-wire-group', firstLookup: 'ck-wire-assign', topic: 'ck-wire', protocols: ['range', 'roundrobin'] },
  kafkajs: { group: 'kjs-wire-group', firstLookup: 'kjs-wire-group', topic: 'kjs-wire', protocols: ['RoundRobinAssigner'] },
  platformatic: { group: 'plat-wire-group', firstLookup: 'plat-wire-group', topic: 'plat-wire', protocols: ['roundrobin'] },
};

/** ConsumerProtocolSubscription (any version): version int16, topics [string], ... */
function subscribedTopics(metadata: Buffer): string[] {
  const r = new Reader(metadata);
  r.int16();
  const n = r.int32();
  return Array.from({ length: n }, () => r.string(false));
}

/** ConsumerProtocolAssignment (any version): version int16, [topic string, partitions [int32]], ... */
function assignedPartitions(assignment: Buffer): [string, number[]][] {
  const r = new Reader(assignment);
  r.int16();
  const n = r.int32();
  return Array.from({ length: n }, () => {
    const topic = r.string(false);
    const count = r.int32();
    return [topic, Array.from({ length: count }, () => r.int32())] as [string, number[]];
  });
}

for (const client of CLIENTS) {
  const { group, firstLookup, topic, protocols } = GROUPS[client];
  describe(`${client} consumer group`, () => {
    it('finds the coordinator at the advertised broker address (the one Metadata gave)', () => {
      const e = entry(client, 'FindCoordinator');
      const req = request(client, 'FindCoordinator').body;
      const res = response(client, 'FindCoordinator');
      const broker = response(client, 'Metadata', entriesOf(client).find((x) => x.apiName === 'Metadata')!.version).brokers[0];
      // v4+ batches keys into coordinatorKeys/coordinators; before that, one key and top-level fields.
      const coordinator = e.version >= 4 ? res.coordinators[0] : res;
      expect(req.keyType).toBe(0); // a group, not a transactional id
      expect(e.version >= 4 ? req.coordinatorKeys : [req.key]).toEqual([firstLookup]);
      if (e.version >= 4) expect(res.coordinators[0].key).toBe(firstLookup);
      expect(coordinator).toMatchObject({ errorCode: 0, nodeId: broker.nodeId, host: broker.host, port: broker.port });
    });

    it(`joins as a "consumer" offering ${protocols.join(', ')} for topic ${topic}`, () => {
      const { body } = request(client, 'JoinGroup');
      expect(body).toMatchObject({ groupId: group, protocolType: 'consumer', memberId: '' });
      expect(body.protocols.map((p: Message) => p.name)).toEqual(protocols);
      for (const p of body.protocols) expect(subscribedTopics(p.metadata)).toEqual([topic]);
      const res = response(client, 'JoinGroup');
      const e = entry(client, 'JoinGroup');
      // From v4 on the broker first hands a new member its id with MEMBER_ID_REQUIRED (79), KIP-394.
      if (e.version >= 4) expect(res).toMatchObject({ errorCode: 79, generationId: -1, members: [] });
      else expect(res).toMatchObject({ errorCode: 0, generationId: 1, leader: res.memberId });
      expect(res.memberId.startsWith(`${request(client, 'JoinGroup').header.clientId}-`)).toBe(true);
    });

    it('as the only member and leader, assigns itself the topic and gets that assignment back (SyncGroup)', () => {
      const { body } = request(client, 'SyncGroup');
      expect(body).toMatchObject({ groupId: group, generationId: 1 });
      expect(body.assignments).toHaveLength(1);
      expect(body.assignments[0].memberId).toBe(body.memberId);
      const assigned = assignedPartitions(body.assignments[0].assignment);
      expect(assigned.map(([t]) => t)).toEqual([topic]);
      const res = response(client, 'SyncGroup');
      expect(res.errorCode).toBe(0);
      expect(res.assignment.equals(body.assignments[0].assignment)).toBe(true);
    });

    it('reads the committed offsets of its partitions before consuming (OffsetFetch)', () => {
      const e = entriesOf(client).filter((x) => x.apiName === 'OffsetFetch').sort((a, b) => a.requestSeq - b.requestSeq)[0];
      const { body } = decodeRequestFrame(load(e.file));
      const res = decodeResponseFrame(apiOf(e), e.responseVersion!, load(e.pairedResponse!)).body;
      // v8+ asks for several groups at once (groups[]); before, one groupId with its topics.
      const asked = e.version >= 8 ? body.groups : [body];
      const answered = e.version >= 8 ? res.groups : [res];
      expect(asked.map((g: Message) => [g.groupId, g.topics.map((t: Message) => t.name)])).toEqual([[group, [topic]]]);
      expect(answered).toHaveLength(1);
      expect(answered[0].errorCode).toBe(0);
      for (const p of answered[0].topics[0].partitions) expect(p).toMatchObject({ errorCode: 0, committedOffset: -1n });
    });

    it('heartbeats, commits and leaves as the member and generation it joined with', () => {
      const sync = request(client, 'SyncGroup').body;
      expect(request(client, 'Heartbeat').body).toMatchObject({ groupId: group, generationId: 1, memberId: sync.memberId });
      expect(response(client, 'Heartbeat').errorCode).toBe(0);
      const commit = request(client, 'OffsetCommit').body;
      expect(commit).toMatchObject({ groupId: group, generationIdOrMemberEpoch: 1, memberId: sync.memberId });
      expect(commit.topics[0].name).toBe(topic);
      expect(commit.topics[0].partitions[0].committedOffset).toBeGreaterThan(0n);
      for (const t of response(client, 'OffsetCommit').topics) for (const p of t.partitions) expect(p.errorCode).toBe(0);
      const leave = request(client, 'LeaveGroup');
      // v3+ leaves in batch (members[]); before, one memberId.
      const leaving = leave.header.apiVersion >= 3 ? leave.body.members.map((m: Message) => m.memberId) : [leave.body.memberId];
      expect(leaving).toEqual([sync.memberId]);
      expect(response(client, 'LeaveGroup').errorCode).toBe(0);
    });
  });
}

// Every record batch any client produced or the broker returned has a valid CRC.
describe('record batches in every fixture', () => {
  for (const e of index) {
    if (e.apiName === 'Produce') {
      it(`${e.client} Produce v${e.version} request`, () => {
        for (const t of decodeRequestFrame(load(e.file)).body.topicData) for (const p of t.partitionData) batchesIn(p.records);
      });
    }
    if (e.apiName === 'Fetch' && e.pairedResponse) {
      it(`${e.client} Fetch v${e.version} response`, () => {
        const body = decodeResponseFrame(apiOf(e), e.responseVersion!, load(e.pairedResponse!)).body;
        for (const t of body.responses) for (const p of t.partitions) if (p.records && p.records.length) batchesIn(p.records);
      });
    }
  }
});
