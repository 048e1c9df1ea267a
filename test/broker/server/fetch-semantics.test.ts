// Fetch semantics against the real broker process, with requests crafted by the codec:
// long polls woken by new data, max_wait expiry, byte limits, offsets out of range.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokerProcess, type BrokerProcess } from '../../support/broker-process.ts';
import { RawClient } from '../../support/raw-client.ts';
import { encodeRecordBatch } from '../../../broker/protocol/records/record-batch.ts';
import { decodeRecordBatch } from '../../../broker/protocol/records/record-batch.ts';
import { batchSizeAt } from '../../../broker/protocol/records/batch-header.ts';

const PRODUCE = 0;
const FETCH = 1;
const LIST_OFFSETS = 2;
const CREATE_TOPICS = 19;

let broker: BrokerProcess;
let client: RawClient;

beforeAll(async () => {
  broker = await startBrokerProcess();
  client = await RawClient.connect(broker.port);
  await client.request(CREATE_TOPICS, 5, {
    topics: [{ name: 'fetchy', numPartitions: 2, replicationFactor: 1, assignments: [], configs: [] }],
    timeoutMs: 5000,
    validateOnly: false,
  });
});

afterAll(async () => {
  client?.close();
  await broker?.stop();
  broker?.cleanup();
});

function batch(values: string[], timestamp = Date.now()): Buffer {
  return encodeRecordBatch({ baseTimestamp: timestamp, records: values.map((v) => ({ key: null, value: Buffer.from(v), timestamp })) });
}

async function produce(partition: number, records: Buffer): Promise<bigint> {
  const producer = await RawClient.connect(broker.port);
  try {
    const answer = await producer.request(PRODUCE, 9, { transactionalId: null, acks: -1, timeoutMs: 5000, topicData: [{ name: 'fetchy', partitionData: [{ index: partition, records }] }] });
    const p = answer.responses[0].partitionResponses[0];
    expect(p.errorCode).toBe(0);
    return p.baseOffset;
  } finally {
    producer.close();
  }
}

function fetchRequest(partitions: { partition: number; offset: bigint; max?: number }[], opts: { maxWaitMs?: number; minBytes?: number; maxBytes?: number } = {}) {
  return {
    replicaId: -1,
    maxWaitMs: opts.maxWaitMs ?? 0,
    minBytes: opts.minBytes ?? 0,
    maxBytes: opts.maxBytes ?? 10_000_000,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [{ topic: 'fetchy', partitions: partitions.map((p) => ({ partition: p.partition, currentLeaderEpoch: -1, fetchOffset: p.offset, logStartOffset: -1n, partitionMaxBytes: p.max ?? 1_000_000 })) }],
    forgottenTopicsData: [],
    rackId: '',
  };
}

function values(records: Buffer | null): string[] {
  const out: string[] = [];
  for (let pos = 0; records && pos < records.length; pos += batchSizeAt(records, pos)) {
    for (const r of decodeRecordBatch(records, pos).records) out.push(r.value!.toString());
  }
  return out;
}

describe('Fetch', () => {
  it('waits for min_bytes and is woken by an append, not by the deadline', async () => {
    const started = Date.now();
    const waiting = client.request(FETCH, 11, fetchRequest([{ partition: 1, offset: 0n }], { maxWaitMs: 8000, minBytes: 1 }), 15_000);
    await new Promise((r) => setTimeout(r, 300));
    await produce(1, batch(['wake-up']));
    const answer = await waiting;
    const elapsed = Date.now() - started;
    expect(values(answer.responses[0].partitions[0].records)).toEqual(['wake-up']);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3000);
  });

  it('answers empty when max_wait_ms passes without data', async () => {
    const started = Date.now();
    const answer = await client.request(FETCH, 11, fetchRequest([{ partition: 0, offset: 0n }], { maxWaitMs: 400, minBytes: 1 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(answer.responses[0].partitions[0].records.length).toBe(0);
    expect(answer.responses[0].partitions[0].highWatermark).toBe(0n);
  });

  it('honours partition max bytes but always returns at least one whole batch', async () => {
    await produce(0, batch(['one', 'two']));
    await produce(0, batch(['three']));
    await produce(0, batch(['four']));
    const tiny = await client.request(FETCH, 12, fetchRequest([{ partition: 0, offset: 0n, max: 1 }]));
    expect(values(tiny.responses[0].partitions[0].records)).toEqual(['one', 'two']);
    const all = await client.request(FETCH, 12, fetchRequest([{ partition: 0, offset: 0n }]));
    expect(values(all.responses[0].partitions[0].records)).toEqual(['one', 'two', 'three', 'four']);
    // Fetching from the middle of a batch returns the whole batch (clients skip the earlier records).
    const mid = await client.request(FETCH, 4, fetchRequest([{ partition: 0, offset: 1n }]));
    expect(values(mid.responses[0].partitions[0].records)).toEqual(['one', 'two', 'three', 'four']);
    expect(mid.responses[0].partitions[0].highWatermark).toBe(4n);
  });

  it('honours the request-wide max_bytes across partitions', async () => {
    await produce(1, batch(['x'.repeat(500)]));
    const answer = await client.request(FETCH, 11, fetchRequest([{ partition: 0, offset: 0n }, { partition: 1, offset: 0n }], { maxBytes: 10 }));
    const [p0, p1] = answer.responses[0].partitions;
    expect(values(p0.records)).toEqual(['one', 'two']);
    expect(p1.records.length).toBe(0);
  });

  it('reports OFFSET_OUT_OF_RANGE with the log bounds', async () => {
    const answer = await client.request(FETCH, 11, fetchRequest([{ partition: 0, offset: 99n }]));
    expect(answer.responses[0].partitions[0]).toMatchObject({ errorCode: 1, highWatermark: 4n, logStartOffset: 0n });
  });

  it('serves Fetch v13+ by topic id', async () => {
    const meta = await client.request(3, 12, { topics: [{ name: 'fetchy', topicId: Buffer.alloc(16) }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    const topicId: Buffer = meta.topics[0].topicId;
    const request = fetchRequest([{ partition: 0, offset: 2n }]);
    const answer = await client.request(FETCH, 17, { ...request, topics: [{ topicId, partitions: request.topics[0].partitions }] });
    expect(answer.responses[0].topicId).toEqual(topicId);
    expect(values(answer.responses[0].partitions[0].records)).toEqual(['three', 'four']);
    const unknown = await client.request(FETCH, 17, { ...request, topics: [{ topicId: Buffer.alloc(16, 7), partitions: request.topics[0].partitions }] });
    expect(unknown.responses[0].partitions[0].errorCode).toBe(100);
  });

  it('lists earliest, latest, by-timestamp and max-timestamp offsets', async () => {
    await produce(0, batch(['old'], 1_000));
    await produce(0, batch(['newest'], 9_000_000_000_000));
    const ask = (timestamp: bigint) => client.request(LIST_OFFSETS, 7, { replicaId: -1, isolationLevel: 0, topics: [{ name: 'fetchy', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp }] }] });
    const offset = async (ts: bigint) => (await ask(ts)).topics[0].partitions[0];
    expect((await offset(-2n)).offset).toBe(0n);
    expect((await offset(-1n)).offset).toBe(6n);
    expect(await offset(-3n)).toMatchObject({ offset: 5n, timestamp: 9_000_000_000_000n });
    expect((await offset(9_000_000_000_001n)).offset).toBe(-1n);
  });
});
