// Throws random and mutated frames at a running broker process and checks that it
// stays up and keeps serving well-behaved clients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { startBrokerProcess, type BrokerProcess } from '../../support/broker-process.ts';
import { RawClient } from '../../support/raw-client.ts';
import { apiByKey } from '../../../broker/protocol/messages/index.ts';
import { encodeRequest } from '../../../broker/protocol/message-codec.ts';
import { encodeRecordBatch } from '../../../broker/protocol/records/record-batch.ts';
import { CompressionCodec } from '../../../broker/protocol/records/batch-header.ts';

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBrokerProcess();
});

afterAll(async () => {
  await broker?.stop();
  broker?.cleanup();
});

/** A deterministic PRNG so a failing case can be reproduced from its seed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function frame(payload: Buffer): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeInt32BE(payload.length);
  return Buffer.concat([prefix, payload]);
}

function validRequests(): Buffer[] {
  const batch = encodeRecordBatch({ baseOffset: 0n, compression: CompressionCodec.none, records: [{ key: Buffer.from('k'), value: Buffer.from('v'), headers: [] }] });
  const samples: [number, number, Record<string, unknown>][] = [
    [18, 3, { clientSoftwareName: 'fuzz', clientSoftwareVersion: '1' }],
    [18, 0, {}],
    [3, 1, { topics: [{ name: 'fuzz' }] }],
    [3, 12, { topics: [{ name: 'fuzz', topicId: Buffer.alloc(16) }], allowAutoTopicCreation: true }],
    [0, 9, { transactionalId: null, acks: 1, timeoutMs: 1000, topicData: [{ name: 'fuzz', partitionData: [{ index: 0, records: batch }] }] }],
    [0, 3, { transactionalId: null, acks: -1, timeoutMs: 1000, topicData: [{ name: 'fuzz', partitionData: [{ index: 0, records: batch }] }] }],
    [1, 4, { replicaId: -1, maxWaitMs: 10, minBytes: 1, maxBytes: 1000, isolationLevel: 0, topics: [{ topic: 'fuzz', partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1000 }] }] }],
    [2, 1, { replicaId: -1, topics: [{ name: 'fuzz', partitions: [{ partitionIndex: 0, timestamp: -1n }] }] }],
    [19, 5, { topics: [{ name: 'fuzz2', numPartitions: 2, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 1000, validateOnly: false }],
  ];
  return samples.map(([key, version, body]) => {
    const chunks = encodeRequest(apiByKey(key)!, { apiVersion: version, correlationId: 7, clientId: 'fuzz' }, body);
    return Buffer.concat(chunks);
  });
}

function mutate(payload: Buffer, rnd: () => number): Buffer {
  const out = Buffer.from(payload);
  const kind = Math.floor(rnd() * 4);
  if (kind === 0) {
    const flips = 1 + Math.floor(rnd() * 8);
    for (let i = 0; i < flips; i++) out[Math.floor(rnd() * out.length)] = Math.floor(rnd() * 256);
    return out;
  }
  if (kind === 1) return out.subarray(0, Math.floor(rnd() * out.length));
  if (kind === 2) return Buffer.concat([out, Buffer.from(Array.from({ length: Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256)))]);
  // Plausible header, garbage body: exercises every decoder.
  const body = Buffer.from(Array.from({ length: Math.floor(rnd() * 200) }, () => Math.floor(rnd() * 256)));
  return Buffer.concat([out.subarray(0, 8), body]);
}

async function blast(frames: Buffer[]): Promise<void> {
  await new Promise<void>((resolve) => {
    const socket = connect(broker.port, '127.0.0.1', () => {
      for (const f of frames) socket.write(f);
      socket.end();
    });
    socket.on('data', () => {});
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    setTimeout(() => {
      socket.destroy();
      resolve();
    }, 2000);
  });
}

async function stillServes(): Promise<void> {
  const client = await RawClient.connect(broker.port);
  try {
    const answer = await client.request(3, 1, { topics: [{ name: 'fuzz-health' }] });
    expect(answer.brokers).toHaveLength(1);
  } finally {
    client.close();
  }
}

describe('garbage frames', () => {
  it('survives thousands of random and mutated frames and keeps serving clients', async () => {
    const rnd = prng(20261122);
    const valid = validRequests();
    let sent = 0;
    for (let round = 0; round < 60; round++) {
      const frames: Buffer[] = [];
      for (let i = 0; i < 60; i++) {
        const choice = rnd();
        if (choice < 0.15) frames.push(Buffer.from(Array.from({ length: Math.floor(rnd() * 40) }, () => Math.floor(rnd() * 256))));
        else frames.push(frame(mutate(valid[Math.floor(rnd() * valid.length)], rnd)));
      }
      sent += frames.length;
      await blast(frames);
      if (round % 10 === 9) await stillServes();
    }
    expect(sent).toBe(3600);
    expect(broker.child.exitCode).toBeNull();
    // Every bad input must be classified (a warning), never an unexpected handler failure (an error).
    const unexpected = broker.output.filter((line) => line.includes('"level":50') || line.includes('"level":60'));
    expect(unexpected).toEqual([]);
    await stillServes();
  });

  it('closes a connection announcing an oversized frame without allocating it', async () => {
    const client = await RawClient.connect(broker.port);
    const huge = Buffer.alloc(4);
    huge.writeInt32BE(0x7fffffff);
    client.writeRaw(huge);
    await new Promise((r) => setTimeout(r, 300));
    expect(client.closed).toBe(true);
    await stillServes();
  });

  it('answers an unknown ApiVersions version with UNSUPPORTED_VERSION and its ranges', async () => {
    const client = await RawClient.connect(broker.port);
    try {
      const payload = Buffer.alloc(8 + 2 + 1);
      payload.writeInt16BE(18, 0);
      payload.writeInt16BE(99, 2);
      payload.writeInt32BE(5, 4);
      payload.writeInt16BE(-1, 8);
      client.writeRaw(frame(payload));
      const answer = await client.nextFrame();
      expect(answer.readInt32BE(0)).toBe(5);
      expect(answer.readInt16BE(4)).toBe(35);
      expect(answer.readInt32BE(6)).toBeGreaterThan(5);
    } finally {
      client.close();
    }
  });

  it('closes the connection on an unknown API key but not the broker', async () => {
    const client = await RawClient.connect(broker.port);
    const payload = Buffer.alloc(10);
    payload.writeInt16BE(9999, 0);
    payload.writeInt16BE(0, 2);
    payload.writeInt32BE(1, 4);
    payload.writeInt16BE(-1, 8);
    client.writeRaw(frame(payload));
    await new Promise((r) => setTimeout(r, 300));
    expect(client.closed).toBe(true);
    await stillServes();
  });
});
