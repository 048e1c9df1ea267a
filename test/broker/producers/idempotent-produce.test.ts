// The idempotent producer against the real broker process, with requests crafted by the codec:
// InitProducerId, sequenced batches, retries answered with the original offset and stored once,
// out-of-order and stale-epoch refusals, and retries still recognised after SIGTERM and SIGKILL restarts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchSizeAt } from '../../../broker/protocol/records/batch-header.ts';
import { decodeRecordBatch } from '../../../broker/protocol/records/record-batch.ts';
import type { Message } from '../../../broker/protocol/schema/codec.ts';
import { startBrokerProcess, tempDataDir, type BrokerProcess } from '../../support/broker-process.ts';
import { RawClient } from '../../support/raw-client.ts';
import { producerBatch } from './producer-batches.ts';

const PRODUCE = 0;
const FETCH = 1;
const INIT_PRODUCER_ID = 22;
const API_VERSIONS = 18;
const CREATE_TOPICS = 19;

const dataDir = tempDataDir();
let broker: BrokerProcess;
let client: RawClient;

async function restart(how: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  client.close();
  if (how === 'SIGKILL') await broker.kill();
  else expect(await broker.stop('SIGTERM')).toBe(0);
  broker = await startBrokerProcess({ dataDir });
  client = await RawClient.connect(broker.port);
}

beforeAll(async () => {
  broker = await startBrokerProcess({ dataDir });
  client = await RawClient.connect(broker.port);
  await client.request(CREATE_TOPICS, 5, {
    topics: [{ name: 'idem', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
    timeoutMs: 5000,
    validateOnly: false,
  });
});

afterAll(async () => {
  client?.close();
  await broker?.stop();
  broker?.cleanup();
});

async function initProducerId(version: number, transactionalId: string | null = null): Promise<Message> {
  return client.request(INIT_PRODUCER_ID, version, { transactionalId, transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 });
}

async function produce(topic: string, records: Buffer, version = 9): Promise<Message> {
  const answer = await client.request(PRODUCE, version, {
    transactionalId: null,
    acks: -1,
    timeoutMs: 5000,
    topicData: [{ name: topic, partitionData: [{ index: 0, records }] }],
  });
  return answer.responses[0].partitionResponses[0];
}

async function storedValues(topic: string): Promise<string[]> {
  const answer = await client.request(FETCH, 11, {
    replicaId: -1,
    maxWaitMs: 0,
    minBytes: 0,
    maxBytes: 10_000_000,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [{ topic, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, logStartOffset: -1n, partitionMaxBytes: 1_000_000 }] }],
    forgottenTopicsData: [],
    rackId: '',
  });
  const records: Buffer | null = answer.responses[0].partitions[0].records;
  const values: string[] = [];
  for (let pos = 0; records && pos < records.length; pos += batchSizeAt(records, pos)) {
    for (const r of decodeRecordBatch(records, pos).records) values.push(r.value!.toString());
  }
  return values;
}

describe('InitProducerId', () => {
  it('is advertised as versions 0-4', async () => {
    const answer = await client.request(API_VERSIONS, 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1' });
    expect(answer.apiKeys.find((k: Message) => k.apiKey === INIT_PRODUCER_ID)).toMatchObject({ minVersion: 0, maxVersion: 4 });
  });

  it('gives a fresh producer id with epoch 0 at every version', async () => {
    const ids = new Set<bigint>();
    for (let version = 0; version <= 4; version++) {
      const answer = await initProducerId(version);
      expect(answer).toMatchObject({ errorCode: 0, producerEpoch: 0 });
      expect(answer.producerId).toBeGreaterThanOrEqual(0n);
      ids.add(answer.producerId);
    }
    expect(ids.size).toBe(5);
  });

  it('answers a transactional id with COORDINATOR_NOT_AVAILABLE and an empty one with INVALID_REQUEST', async () => {
    expect(await initProducerId(4, 'txn-1')).toMatchObject({ errorCode: 15, producerId: -1n, producerEpoch: -1 });
    expect(await initProducerId(1, '')).toMatchObject({ errorCode: 42, producerId: -1n });
  });
});

describe('idempotent Produce', () => {
  let producerId: bigint;

  it('stores a sequenced batch once and answers its retry with the original offset', async () => {
    producerId = (await initProducerId(0)).producerId;
    expect(await produce('idem', producerBatch({ producerId, seq: 0, count: 3, prefix: 'a' }))).toMatchObject({ errorCode: 0, baseOffset: 0n });
    expect(await produce('idem', producerBatch({ producerId, seq: 3, count: 2, prefix: 'a' }))).toMatchObject({ errorCode: 0, baseOffset: 3n });
    const retry = await produce('idem', producerBatch({ producerId, seq: 0, count: 3, prefix: 'a' }));
    expect(retry).toMatchObject({ errorCode: 0, baseOffset: 0n, errorMessage: null });
    expect(await produce('idem', producerBatch({ producerId, seq: 3, count: 2, prefix: 'a' }), 3)).toMatchObject({ errorCode: 0, baseOffset: 3n });
    expect(await storedValues('idem')).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
  });

  it('refuses a sequence gap with OUT_OF_ORDER_SEQUENCE_NUMBER and a stale epoch with INVALID_PRODUCER_EPOCH', async () => {
    const gap = await produce('idem', producerBatch({ producerId, seq: 9, prefix: 'a' }));
    expect(gap).toMatchObject({ errorCode: 45, baseOffset: -1n });
    expect(gap.errorMessage).toMatch(/sequence 9 .*expected 5/);

    const other = (await initProducerId(3)).producerId;
    await produce('idem', producerBatch({ producerId: other, epoch: 2, seq: 0, prefix: 'b' }));
    const stale = await produce('idem', producerBatch({ producerId: other, epoch: 1, seq: 1, prefix: 'b' }));
    expect(stale).toMatchObject({ errorCode: 47 });
    expect(stale.errorMessage).toMatch(/epoch 1, older than its current epoch 2/);
    expect(await storedValues('idem')).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'b0']);
  });

  it('still recognises retries after a SIGTERM restart (state from the close snapshot)', async () => {
    expect(await produce('idem', producerBatch({ producerId, seq: 5, prefix: 'a' }))).toMatchObject({ errorCode: 0, baseOffset: 6n });
    const lastId = (await initProducerId(0)).producerId;
    await restart('SIGTERM');
    expect(await produce('idem', producerBatch({ producerId, seq: 5, prefix: 'a' }))).toMatchObject({ errorCode: 0, baseOffset: 6n });
    expect(await produce('idem', producerBatch({ producerId, seq: 3, count: 2, prefix: 'a' }))).toMatchObject({ errorCode: 0, baseOffset: 3n });
    expect(await produce('idem', producerBatch({ producerId, seq: 9, prefix: 'a' }))).toMatchObject({ errorCode: 45 });
    expect(await storedValues('idem')).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'a5']);
    // Ids are never handed out again after a restart.
    expect((await initProducerId(0)).producerId).toBeGreaterThan(lastId);
  });

  it('still recognises retries after a SIGKILL restart (state replayed from the log tail)', async () => {
    const fresh = (await initProducerId(2)).producerId;
    expect(await produce('idem', producerBatch({ producerId: fresh, seq: 0, count: 2, prefix: 'c' }))).toMatchObject({ baseOffset: 7n });
    expect(await produce('idem', producerBatch({ producerId, seq: 6, prefix: 'a' }))).toMatchObject({ errorCode: 0, baseOffset: 9n });
    const lastId = (await initProducerId(0)).producerId;
    await restart('SIGKILL');
    expect(await produce('idem', producerBatch({ producerId: fresh, seq: 0, count: 2, prefix: 'c' }))).toMatchObject({ errorCode: 0, baseOffset: 7n });
    expect(await produce('idem', producerBatch({ producerId, seq: 6, prefix: 'a' }))).toMatchObject({ errorCode: 0, baseOffset: 9n });
    expect(await produce('idem', producerBatch({ producerId, seq: 5, prefix: 'a' }))).toMatchObject({ errorCode: 0, baseOffset: 6n });
    expect(await produce('idem', producerBatch({ producerId: fresh, seq: 1, prefix: 'c' }))).toMatchObject({ errorCode: 45 });
    expect(await storedValues('idem')).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'a5', 'c0', 'c1', 'a6']);
    expect((await initProducerId(0)).producerId).toBeGreaterThan(lastId);
  });

  it('continues the sequence after the restarts', async () => {
    const next = await produce('idem', producerBatch({ producerId, seq: 7, prefix: 'a' }));
    expect(next).toMatchObject({ errorCode: 0, baseOffset: 10n });
    expect(await storedValues('idem')).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'a5', 'c0', 'c1', 'a6', 'a7']);
  });
});
