// Produce refuses bad input with the protocol's error and stores nothing of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokerProcess, type BrokerProcess } from '../../support/broker-process.ts';
import { RawClient } from '../../support/raw-client.ts';
import { encodeRecordBatch } from '../../../broker/protocol/records/record-batch.ts';
import { ErrorCode } from '../../../broker/protocol/error-codes.ts';

const PRODUCE = 0;
const LIST_OFFSETS = 2;
let broker: BrokerProcess;
let client: RawClient;

beforeAll(async () => {
  broker = await startBrokerProcess();
  client = await RawClient.connect(broker.port);
});

afterAll(async () => {
  client?.close();
  await broker?.stop();
  broker?.cleanup();
});

const good = () => encodeRecordBatch({ records: [{ key: Buffer.from('k'), value: Buffer.from('v') }] });

async function produce(records: Buffer, options: { version?: number; acks?: number } = {}) {
  const answer = await client.request(PRODUCE, options.version ?? 9, {
    transactionalId: null,
    acks: options.acks ?? -1,
    timeoutMs: 1000,
    topicData: [{ name: 'validated', partitionData: [{ index: 0, records }] }],
  });
  return answer.responses[0].partitionResponses[0];
}

async function logEnd(): Promise<bigint> {
  const answer = await client.request(LIST_OFFSETS, 1, { replicaId: -1, topics: [{ name: 'validated', partitions: [{ partitionIndex: 0, timestamp: -1n }] }] });
  return answer.topics[0].partitions[0].offset;
}

describe('Produce validation', () => {
  it('stores a valid batch', async () => {
    await client.request(3, 1, { topics: [{ name: 'validated' }] });
    expect(await produce(good())).toMatchObject({ errorCode: 0, baseOffset: 0n });
  });

  it('refuses a batch whose CRC does not match with CORRUPT_MESSAGE', async () => {
    const batch = good();
    batch[batch.length - 1] ^= 0xff;
    const p = await produce(batch);
    expect(p.errorCode).toBe(ErrorCode.CORRUPT_MESSAGE.code);
    expect(p.errorMessage).toMatch(/CRC/);
    expect(await logEnd()).toBe(1n);
  });

  it('refuses legacy message sets (magic 1) with UNSUPPORTED_FOR_MESSAGE_FORMAT', async () => {
    const batch = good();
    batch[16] = 1;
    expect((await produce(batch)).errorCode).toBe(ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT.code);
    expect((await produce(good(), { version: 2 })).errorCode).toBe(ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT.code);
    expect(await logEnd()).toBe(1n);
  });

  it('refuses a truncated batch and invalid acks', async () => {
    expect((await produce(good().subarray(0, 40))).errorCode).toBe(ErrorCode.CORRUPT_MESSAGE.code);
    expect((await produce(good(), { acks: 5 })).errorCode).toBe(ErrorCode.INVALID_REQUIRED_ACKS.code);
    expect(await logEnd()).toBe(1n);
  });

  it('sends no response for acks=0 but stores the batch and keeps answering in order', async () => {
    const raw = await RawClient.connect(broker.port);
    try {
      // acks=0 gets no answer, so the next request's answer must be the next frame.
      const { encodeRequest } = await import('../../../broker/protocol/message-codec.ts');
      const { apiByKey } = await import('../../../broker/protocol/messages/index.ts');
      const frame = Buffer.concat(
        encodeRequest(apiByKey(PRODUCE)!, { apiVersion: 9, correlationId: 99, clientId: null }, {
          transactionalId: null,
          acks: 0,
          timeoutMs: 1000,
          topicData: [{ name: 'validated', partitionData: [{ index: 0, records: good() }] }],
        }),
      );
      const prefix = Buffer.alloc(4);
      prefix.writeInt32BE(frame.length);
      raw.writeRaw(Buffer.concat([prefix, frame]));
      const answer = await raw.request(LIST_OFFSETS, 1, { replicaId: -1, topics: [{ name: 'validated', partitions: [{ partitionIndex: 0, timestamp: -1n }] }] });
      expect(answer.topics[0].partitions[0].offset).toBe(2n);
    } finally {
      raw.close();
    }
  });
});
