// The Kafka backing stores against the real broker process: internal topic creation, two workers on
// the same topics, offsets read back by a later worker, records placed as Kafka's default partitioner
// would place them, and survival of a broker restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, KafkaBasedLog, partitionForKey, type LogRecord } from '../../../runtime/kafka/index.ts';
import {
  configTopicSpec,
  KafkaConfigBackingStore,
  KafkaOffsetBackingStore,
  KafkaStatusBackingStore,
  offsetTopicSpec,
  statusTopicSpec,
  type ConfigUpdate,
  type InternalTopicsConfig,
} from '../../../runtime/storage/index.ts';
import { startBrokerProcess, type BrokerProcess } from '../../support/broker-process.ts';

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBrokerProcess();
});

afterAll(async () => {
  await broker?.stop();
  broker?.cleanup();
});

function workerConfig(prefix: string, extra: Record<string, unknown> = {}): InternalTopicsConfig {
  return {
    'config.storage.topic': `${prefix}-configs`,
    'config.storage.replication.factor': 1,
    'offset.storage.topic': `${prefix}-offsets`,
    'offset.storage.replication.factor': 1,
    'status.storage.topic': `${prefix}-status`,
    'status.storage.replication.factor': 1,
    ...extra,
  };
}

const client = () => ({ bootstrapServers: broker.bootstrap, clientId: 'store-test' });

async function describeTopic(topic: string): Promise<{ partitions: number; configs: Record<string, string | null | undefined> }> {
  const admin = createAdmin(client());
  try {
    const metadata = await admin.metadata({ topics: [topic], forceUpdate: true });
    const [described] = await admin.describeConfigs({ resources: [{ resourceType: 2, resourceName: topic }] });
    return { partitions: metadata.topics.get(topic)!.partitionsCount, configs: Object.fromEntries(described.configs.map((c) => [c.name, c.value])) };
  } finally {
    await admin.close();
  }
}

describe('internal topics', () => {
  it('are created with Connect’s partition counts, cleanup.policy=compact and prefixed topic settings', async () => {
    const config = workerConfig('created', { 'offset.storage.min.compaction.lag.ms': 1000, 'offset.storage.file.filename': '/not/a/topic/config' });
    const stores = [
      new KafkaConfigBackingStore({ client: client(), topic: configTopicSpec(config) }),
      new KafkaOffsetBackingStore({ client: client(), topic: offsetTopicSpec(config) }),
      new KafkaStatusBackingStore({ client: client(), topic: statusTopicSpec(config) }),
    ];
    for (const store of stores) await store.start();
    for (const store of stores) await store.stop();
    const [configs, offsets, statuses] = await Promise.all(['created-configs', 'created-offsets', 'created-status'].map(describeTopic));
    expect([configs.partitions, offsets.partitions, statuses.partitions]).toEqual([1, 25, 5]);
    for (const t of [configs, offsets, statuses]) expect(t.configs['cleanup.policy']).toBe('compact');
    expect(offsets.configs['min.compaction.lag.ms']).toBe('1000');
  });

  it('a config topic with several partitions is refused, as Connect refuses it', async () => {
    const admin = createAdmin(client());
    await admin.createTopics({ topics: ['wide-configs'], partitions: 3, replicas: 1, configs: [{ name: 'cleanup.policy', value: 'compact' }] });
    await admin.close();
    const store = new KafkaConfigBackingStore({ client: client(), topic: configTopicSpec(workerConfig('wide')) });
    await expect(store.start()).rejects.toMatchObject({ kind: { code: 'INVALID_CONFIG' }, message: expect.stringContaining('exactly 1 partition') });
  });

  it('asks for a smaller replication factor when the cluster has too few brokers', async () => {
    const store = new KafkaStatusBackingStore({ client: client(), topic: statusTopicSpec({ ...workerConfig('rf'), 'status.storage.replication.factor': 3 }) });
    await expect(store.start()).rejects.toMatchObject({ kind: { code: 'INVALID_CONFIG' }, message: expect.stringContaining("'status.storage.replication.factor'") });
  });
});

describe('KafkaConfigBackingStore', () => {
  it('two workers on one config topic see each other’s writes (after refresh, and by tailing)', async () => {
    const topic = configTopicSpec(workerConfig('two'));
    const leader = new KafkaConfigBackingStore({ client: client(), topic });
    const follower = new KafkaConfigBackingStore({ client: client(), topic });
    await leader.start();
    await follower.start();
    const heard: ConfigUpdate[] = [];
    follower.onUpdate((u) => heard.push(u));
    try {
      await leader.putConnectorConfig('orders-sink', { 'connector.class': 'Sink', topics: 'orders' }, 'PAUSED');
      await leader.putTaskConfigs('orders-sink', [{ task: '0' }, { task: '1' }]);
      await follower.refresh(10_000);
      let snapshot = follower.snapshot();
      expect(snapshot.connectorConfig('orders-sink')).toEqual({ 'connector.class': 'Sink', topics: 'orders' });
      expect(snapshot.targetState('orders-sink')).toBe('PAUSED');
      expect(snapshot.taskConfigs('orders-sink')).toEqual([{ task: '0' }, { task: '1' }]);
      expect(snapshot.offset).toBe(leader.snapshot().offset);
      expect(heard).toEqual([
        { type: 'connector-config-updated', connector: 'orders-sink' },
        { type: 'task-configs-committed', connector: 'orders-sink', tasks: [{ connector: 'orders-sink', task: 0 }, { connector: 'orders-sink', task: 1 }] },
      ]);

      // No refresh: the follower's tailing reader delivers the change by itself.
      await leader.putTargetState('orders-sink', 'STOPPED');
      await expect.poll(() => follower.snapshot().targetState('orders-sink'), { timeout: 5_000 }).toBe('STOPPED');
      await leader.putRestartRequest('orders-sink', { includeTasks: true, onlyFailed: true });
      await expect.poll(() => heard.at(-1), { timeout: 5_000 }).toEqual({ type: 'restart-requested', connector: 'orders-sink', request: { includeTasks: true, onlyFailed: true } });

      await leader.removeConnectorConfig('orders-sink');
      await follower.refresh(10_000);
      snapshot = follower.snapshot();
      expect(snapshot.contains('orders-sink')).toBe(false);
      expect(snapshot.targetState('orders-sink')).toBeUndefined();
      expect(heard.at(-1)).toEqual({ type: 'connector-config-removed', connector: 'orders-sink' });

      // A worker that starts later rebuilds the same state from the topic, silently.
      const late = new KafkaConfigBackingStore({ client: client(), topic });
      const lateHeard: ConfigUpdate[] = [];
      late.onUpdate((u) => lateHeard.push(u));
      await late.start();
      expect(late.snapshot().offset).toBe(leader.snapshot().offset);
      expect(late.snapshot().connectors()).toEqual([]);
      expect(lateHeard).toEqual([]);
      await late.stop();
    } finally {
      await follower.stop();
      await leader.stop();
    }
  });

  it('writes Connect’s bytes to the topic', async () => {
    const topic = configTopicSpec(workerConfig('bytes'));
    const store = new KafkaConfigBackingStore({ client: client(), topic });
    await store.start();
    await store.putConnectorConfig('c', { k: 'v' }, 'STOPPED');
    await store.putTaskConfigs('c', [{ t: '0' }]);
    await store.stop();
    const raw = await readRaw(topic.name);
    expect(raw.map((r) => [r.key?.toString(), r.value?.toString() ?? null])).toEqual([
      ['target-state-c', '{"state":"PAUSED","state.v2":"STOPPED"}'],
      ['connector-c', '{"properties":{"k":"v"}}'],
      ['task-c-0', '{"properties":{"t":"0"}}'],
      ['commit-c', '{"tasks":1}'],
    ]);
  });
});

describe('KafkaOffsetBackingStore', () => {
  it('offsets set by one worker are read by another that starts after it stopped; tombstones forget', async () => {
    const topic = offsetTopicSpec(workerConfig('offsets'));
    const partitions = Array.from({ length: 40 }, (_, i) => ({ table: `t${i}` }));
    const first = new KafkaOffsetBackingStore({ client: client(), topic });
    await first.start();
    await first.set('pg-source', partitions.map((p, i) => [p, { lsn: 1000 + i }] as const));
    await first.set('pg-source', [[partitions[0], null]]);
    await first.set('other', [[partitions[1], { lsn: 1 }]]);
    await first.stop();

    const second = new KafkaOffsetBackingStore({ client: client(), topic });
    await second.start();
    try {
      const found = await second.get('pg-source', partitions);
      expect(found.get(partitions[0])).toBeNull();
      expect(found.get(partitions[39])).toEqual({ lsn: 1039 });
      expect(await second.connectorPartitions('pg-source')).toHaveLength(39);
      expect((await second.connectorOffsets('other')).offsets).toEqual([{ partition: { table: 't1' }, offset: { lsn: 1 } }]);
    } finally {
      await second.stop();
    }

    // Every record sits in the partition Kafka's default partitioner picks for its key.
    const raw = await readRaw(topic.name);
    expect(raw.length).toBeGreaterThanOrEqual(42);
    for (const record of raw) expect(record.partition).toBe(partitionForKey(record.key!, 25));
    expect(new Set(raw.map((r) => r.partition)).size).toBeGreaterThan(5);
  });
});

describe('KafkaStatusBackingStore', () => {
  it('two workers see each other’s statuses; tombstones delete', async () => {
    const topic = statusTopicSpec(workerConfig('statuses'));
    const w1 = new KafkaStatusBackingStore({ client: client(), topic });
    const w2 = new KafkaStatusBackingStore({ client: client(), topic });
    await w1.start();
    await w2.start();
    try {
      await w1.putConnector({ connector: 'c', state: 'RUNNING', trace: null, workerId: 'w1:8083', generation: 3 });
      await w1.putTask({ id: { connector: 'c', task: 0 }, state: 'FAILED', trace: 'trace', workerId: 'w1:8083', generation: 3 });
      await w1.putTopic({ topic: 'orders', connector: 'c', task: 0, discoverTimestamp: 1700000000000 });
      await w2.refresh();
      expect(w2.connector('c')).toEqual({ connector: 'c', state: 'RUNNING', trace: null, workerId: 'w1:8083', generation: 3 });
      expect(w2.tasks('c')).toEqual([{ id: { connector: 'c', task: 0 }, state: 'FAILED', trace: 'trace', workerId: 'w1:8083', generation: 3 }]);
      expect(w2.topics('c')).toEqual([{ topic: 'orders', connector: 'c', task: 0, discoverTimestamp: 1700000000000 }]);

      // w2 owns the task in a later generation: w1's stale safe write is dropped.
      await w2.putTask({ id: { connector: 'c', task: 0 }, state: 'RUNNING', trace: null, workerId: 'w2:8083', generation: 4 });
      await w1.refresh();
      await w1.putTaskSafe({ id: { connector: 'c', task: 0 }, state: 'UNASSIGNED', trace: null, workerId: 'w1:8083', generation: 3 });
      await w2.refresh();
      expect(w2.task({ connector: 'c', task: 0 })?.workerId).toBe('w2:8083');

      await w2.deleteTopic('c', 'orders');
      await w2.putConnector({ connector: 'c', state: 'DESTROYED', trace: null, workerId: 'w2:8083', generation: 4 });
      await w1.refresh();
      expect(w1.connector('c')).toBeUndefined();
      expect(w1.tasks('c')).toEqual([]);
      expect(w1.topics('c')).toEqual([]);
    } finally {
      await w1.stop();
      await w2.stop();
    }
  });
});

describe('broker restart', () => {
  it('the stores keep working across a broker restart (SIGTERM, then start on the same data dir)', async () => {
    const own = await startBrokerProcess();
    const ownClient = { bootstrapServers: own.bootstrap, clientId: 'restart-test' };
    const config = workerConfig('restart');
    const configs = new KafkaConfigBackingStore({ client: ownClient, topic: configTopicSpec(config) });
    const offsets = new KafkaOffsetBackingStore({ client: ownClient, topic: offsetTopicSpec(config) });
    const statuses = new KafkaStatusBackingStore({ client: ownClient, topic: statusTopicSpec(config) });
    let restarted: BrokerProcess | undefined;
    try {
      for (const store of [configs, offsets, statuses]) await store.start();
      await configs.putConnectorConfig('c', { before: 'restart' });
      await offsets.set('c', [[{ p: 0 }, { n: 1 }]]);
      await statuses.putConnector({ connector: 'c', state: 'RUNNING', trace: null, workerId: 'w', generation: 1 });

      expect(await own.stop('SIGTERM')).toBe(0);
      restarted = await startBrokerProcess({ dataDir: own.dataDir, port: own.port });

      // The same store instances reconnect: writes and reads work again.
      await configs.putTaskConfigs('c', [{ after: 'restart' }]);
      await offsets.set('c', [[{ p: 1 }, { n: 2 }]]);
      await statuses.putConnector({ connector: 'c', state: 'PAUSED', trace: null, workerId: 'w', generation: 1 });
      await statuses.refresh();
      expect(statuses.connector('c')?.state).toBe('PAUSED');

      // Fresh stores read everything, from before and after the restart.
      const configs2 = new KafkaConfigBackingStore({ client: ownClient, topic: configTopicSpec(config) });
      const offsets2 = new KafkaOffsetBackingStore({ client: ownClient, topic: offsetTopicSpec(config) });
      await configs2.start();
      await offsets2.start();
      expect(configs2.snapshot().connectorConfig('c')).toEqual({ before: 'restart' });
      expect(configs2.snapshot().taskConfigs('c')).toEqual([{ after: 'restart' }]);
      // Entries come in read order, which across partitions is unspecified.
      const read = (await offsets2.connectorOffsets('c')).offsets;
      expect(read.sort((a, b) => Number(a.partition.p) - Number(b.partition.p))).toEqual([
        { partition: { p: 0 }, offset: { n: 1 } },
        { partition: { p: 1 }, offset: { n: 2 } },
      ]);
      await configs2.stop();
      await offsets2.stop();
    } finally {
      for (const store of [configs, offsets, statuses]) await store.stop().catch(() => {});
      await (restarted ?? own).stop();
      own.cleanup();
    }
  });
});

/** Every record of a topic, read with a fresh log. */
async function readRaw(topic: string): Promise<LogRecord[]> {
  const records: LogRecord[] = [];
  const log = new KafkaBasedLog({ topic, client: client(), consume: (r) => records.push(r), readOnly: true });
  await log.start();
  await log.stop();
  return records;
}
