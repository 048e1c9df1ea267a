// The sink task consumer against the real broker: group `connect-<connector>`, assignment callbacks,
// per-partition pause/resume, manual commits honoured by the next member. Skipped while the broker
// does not advertise the group APIs (FindCoordinator, JoinGroup, SyncGroup, OffsetCommit...).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TopicPartition } from '../../../connectors/sdk/index.ts';
import { createAdmin, createSinkConsumer, createSourceRecordProducer, type LogRecord, type SinkConsumer } from '../../../runtime/kafka/index.ts';
import { startBrokerProcess, type BrokerProcess } from '../../support/broker-process.ts';

const GROUP_APIS = [8, 9, 10, 11, 12, 13, 14];
let broker: BrokerProcess;
let groupsServed = false;

beforeAll(async () => {
  broker = await startBrokerProcess();
  const admin = createAdmin({ bootstrapServers: broker.bootstrap });
  try {
    const apis = await admin.listApis();
    groupsServed = GROUP_APIS.every((key) => apis.some((api) => api.apiKey === key));
    await admin.createTopics({ topics: ['sink-in'], partitions: 2, replicas: 1 });
  } finally {
    await admin.close();
  }
});

afterAll(async () => {
  await broker?.stop();
  broker?.cleanup();
});

async function produce(values: Array<[number, string]>): Promise<void> {
  const producer = await createSourceRecordProducer({ client: { bootstrapServers: broker.bootstrap }, name: 'feed' });
  await producer.send(values.map(([partition, value]) => ({ topic: 'sink-in', partition, key: null, value: Buffer.from(value) })));
  await producer.close();
}

async function pollUntil(consumer: SinkConsumer, count: number, timeoutMs = 15_000): Promise<LogRecord[]> {
  const out: LogRecord[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < count && Date.now() < deadline) out.push(...(await consumer.poll(200)));
  return out;
}

describe('SinkConsumer', () => {
  it('joins connect-<connector>, pauses and resumes partitions, and commits where the next member starts', async () => {
    // The broker serves consumer groups; a broker without them is a failure here, not a skip.
    expect(groupsServed).toBe(true);
    await produce([[0, 'a0'], [0, 'a1'], [1, 'b0']]);
    const assigned: TopicPartition[][] = [];
    const revoked: TopicPartition[][] = [];
    const consumer = await createSinkConsumer({
      client: { bootstrapServers: broker.bootstrap },
      connector: 'orders-sink',
      topics: ['sink-in'],
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 10_000,
      onPartitionsAssigned: (p) => void assigned.push(p),
      onPartitionsRevoked: (p) => void revoked.push(p),
    });
    const p0 = TopicPartition.of('sink-in', 0);
    const p1 = TopicPartition.of('sink-in', 1);
    try {
      expect(consumer.groupId).toBe('connect-orders-sink');
      const first = await pollUntil(consumer, 3);
      expect(first.map((r) => r.value?.toString()).sort()).toEqual(['a0', 'a1', 'b0']);
      expect(consumer.assignment().sort((a, b) => a.partition - b.partition)).toEqual([p0, p1]);
      expect(assigned.flat().sort((a, b) => a.partition - b.partition)).toEqual([p0, p1]);

      consumer.pause([p0]);
      await produce([[0, 'a2'], [1, 'b1']]);
      const whilePaused = await pollUntil(consumer, 1);
      expect(whilePaused.map((r) => r.value?.toString())).toEqual(['b1']);
      expect((await consumer.poll(300)).length).toBe(0);
      consumer.resume([p0]);
      expect((await pollUntil(consumer, 1)).map((r) => r.value?.toString())).toEqual(['a2']);

      await consumer.commit(new Map([[p0, { offset: 2 }], [p1, { offset: 2 }]]));
    } finally {
      await consumer.close();
    }
    expect(revoked.flat().length).toBe(2);

    const admin = createAdmin({ bootstrapServers: broker.bootstrap });
    const [group] = await admin.listConsumerGroupOffsets({ groups: ['connect-orders-sink'] });
    await admin.close();
    expect(group.topics[0].partitions.map((p) => [p.partitionIndex, p.committedOffset]).sort()).toEqual([[0, 2n], [1, 2n]]);

    // The next member starts at the committed offsets: a2 (offset 2 of partition 0) again, not a0/a1.
    const next = await createSinkConsumer({ client: { bootstrapServers: broker.bootstrap }, connector: 'orders-sink', topics: ['sink-in'], sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000 });
    try {
      const again = await pollUntil(next, 1);
      expect(again.map((r) => [r.partition, r.offset, r.value?.toString()])).toEqual([[0, 2, 'a2']]);
      expect(next.position(p1)).toBe(2);
      next.seek(p0, 0);
      expect((await pollUntil(next, 3)).map((r) => r.value?.toString())).toEqual(['a0', 'a1', 'a2']);
    } finally {
      await next.close();
    }
  });

  it('splits the partitions when a second member joins: the first one’s poll revokes what moved', async () => {
    // The broker serves consumer groups; a broker without them is a failure here, not a skip.
    expect(groupsServed).toBe(true);
    const common = { client: { bootstrapServers: broker.bootstrap }, connector: 'split-sink', topics: ['sink-in'], sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, heartbeatIntervalMs: 200 };
    const revokedFromFirst: TopicPartition[] = [];
    const first = await createSinkConsumer({ ...common, onPartitionsRevoked: (p) => void revokedFromFirst.push(...p) });
    await first.poll(100);
    expect(first.assignment()).toHaveLength(2);
    let polling = true;
    // The first member rejoins from its heartbeat; polling applies the new assignment.
    const loop = (async () => {
      while (polling) await first.poll(100);
    })();
    const second = await createSinkConsumer(common);
    try {
      await second.poll(100);
      await expect.poll(() => first.assignment().length, { timeout: 10_000 }).toBe(1);
      expect(second.assignment()).toHaveLength(1);
      expect(second.assignment()[0]).not.toBe(first.assignment()[0]);
      expect(revokedFromFirst.length).toBeGreaterThanOrEqual(1);
    } finally {
      polling = false;
      await loop;
      await second.close();
      await first.close();
    }
  });
});
