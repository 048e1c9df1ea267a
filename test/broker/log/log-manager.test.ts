import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogManager, type LogManagerOptions } from '../../../broker/log/log-manager.ts';
import { topicIdFromBytes, topicIdToBytes } from '../../../broker/log/topic-id.ts';
import { makeBatch, offsetsIn } from './make-batch.ts';
import { TestClock, tempDir } from './log-fixtures.ts';

const managers: LogManager[] = [];

afterEach(async () => {
  for (const manager of managers.splice(0)) await manager.close();
});

async function openManager(options: Partial<LogManagerOptions> & { dataDir: string }): Promise<LogManager> {
  const manager = await LogManager.open(options);
  managers.push(manager);
  return manager;
}

async function errorName(promise: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (err) {
    return (err as { error?: { name: string } }).error?.name ?? String(err);
  }
  return 'no error';
}

describe('LogManager topics', () => {
  it('creates a topic with one directory per partition and serves its partitions', async () => {
    const dataDir = tempDir();
    const manager = await openManager({ dataDir });
    const topic = await manager.createTopic('orders', { numPartitions: 3, configs: { 'retention.ms': 1000 } });
    expect(topic).toMatchObject({ name: 'orders', partitions: 3, configOverrides: { 'retention.ms': '1000' } });
    expect(topic.topicId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(topicIdFromBytes(topicIdToBytes(topic.topicId))).toBe(topic.topicId);
    expect(['orders-0', 'orders-1', 'orders-2'].every((name) => existsSync(join(dataDir, name)))).toBe(true);
    expect(manager.getTopicById(topic.topicId)?.name).toBe('orders');
    expect(manager.listTopics().map((t) => t.name)).toEqual(['orders']);
    manager.partition('orders', 2).append(makeBatch({ records: 2 }));
    expect(manager.partition('orders', 2).logEndOffset).toBe(2);
    expect(await errorName(() => manager.partition('orders', 3))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(await errorName(() => manager.partition('nope', 0))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('validates topic names and partition counts', async () => {
    const manager = await openManager({ dataDir: tempDir(), defaultNumPartitions: 2 });
    for (const name of ['', '.', '..', 'a'.repeat(250), 'with space', 'caf\u00e9', 'a/b']) {
      expect(await errorName(manager.createTopic(name))).toBe('INVALID_TOPIC_EXCEPTION');
    }
    expect((await manager.createTopic('a'.repeat(249))).partitions).toBe(2);
    expect((await manager.createTopic('__consumer_offsets', { numPartitions: -1 })).partitions).toBe(2);
    expect(await errorName(manager.createTopic('__consumer_offsets'))).toBe('TOPIC_ALREADY_EXISTS');
    await manager.createTopic('metrics.cpu');
    expect(await errorName(manager.createTopic('metrics_cpu'))).toBe('INVALID_TOPIC_EXCEPTION');
    expect(await errorName(manager.createTopic('zero', { numPartitions: 0 }))).toBe('INVALID_PARTITIONS');
    expect(await errorName(manager.createTopic('bad-config', { configs: { 'segment.ms': 0 } }))).toBe('INVALID_CONFIG');
    expect(manager.getTopic('bad-config')).toBeUndefined();
  });

  it('validateOnly checks without creating anything', async () => {
    const dataDir = tempDir();
    const manager = await openManager({ dataDir });
    expect((await manager.createTopic('dry', { numPartitions: 4, validateOnly: true })).partitions).toBe(4);
    expect(manager.getTopic('dry')).toBeUndefined();
    expect(existsSync(join(dataDir, 'dry-0'))).toBe(false);
  });

  it('adds partitions only upwards', async () => {
    const manager = await openManager({ dataDir: tempDir() });
    await manager.createTopic('grow', { numPartitions: 2 });
    manager.partition('grow', 0).append(makeBatch());
    expect(await errorName(manager.createPartitions('grow', 2))).toBe('INVALID_PARTITIONS');
    expect(await errorName(manager.createPartitions('grow', 1))).toBe('INVALID_PARTITIONS');
    expect((await manager.createPartitions('grow', 5)).partitions).toBe(5);
    expect(manager.partition('grow', 4).logEndOffset).toBe(0);
    expect(manager.partition('grow', 0).logEndOffset).toBe(1);
    expect(await errorName(manager.createPartitions('missing', 3))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('deletes a topic and its data; a new topic with the same name starts empty', async () => {
    const dataDir = tempDir();
    const manager = await openManager({ dataDir });
    const first = await manager.createTopic('gone', { numPartitions: 2 });
    const log = manager.partition('gone', 0);
    log.append(makeBatch({ records: 5 }));
    await manager.deleteTopic('gone');
    expect(manager.getTopic('gone')).toBeUndefined();
    expect(manager.getTopicById(first.topicId)).toBeUndefined();
    expect(readdirSync(dataDir).filter((name) => name.startsWith('gone'))).toEqual([]);
    expect(await errorName(() => log.append(makeBatch()))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(await errorName(manager.deleteTopic('gone'))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    const second = await manager.createTopic('gone');
    expect(second.topicId).not.toBe(first.topicId);
    expect(manager.partition('gone', 0).logEndOffset).toBe(0);
  });

  it('wakes append listeners with the partition that grew', async () => {
    const manager = await openManager({ dataDir: tempDir() });
    await manager.createTopic('events', { numPartitions: 2 });
    const seen: string[] = [];
    manager.onAppend((log, result) => seen.push(`${log.topic}-${log.partition}@${result.baseOffset}`));
    manager.partition('events', 1).append(makeBatch());
    manager.partition('events', 1).append(makeBatch());
    expect(seen).toEqual(['events-1@0', 'events-1@1']);
  });
});

describe('LogManager configs', () => {
  it('describes effective configs with their source', async () => {
    const manager = await openManager({ dataDir: tempDir(), topicConfigDefaults: { 'log.retention.ms': 3_600_000 } });
    await manager.createTopic('c', { configs: { 'max.message.bytes': 2000 } });
    const entries = Object.fromEntries(manager.describeTopicConfigs('c').map((entry) => [entry.name, entry]));
    expect(entries['max.message.bytes']).toMatchObject({ value: '2000', source: 'DYNAMIC_TOPIC_CONFIG' });
    expect(entries['retention.ms']).toMatchObject({ value: '3600000', source: 'STATIC_BROKER_CONFIG' });
    expect(entries['segment.bytes']).toMatchObject({ value: '1073741824', source: 'DEFAULT_CONFIG', readOnly: false });
    expect(manager.describeTopicConfigs('c', ['retention.ms', 'bogus']).map((entry) => entry.name)).toEqual(['retention.ms']);
    expect(await errorName(() => manager.describeTopicConfigs('nope'))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('alters configs (replace and incremental) and applies them to running logs', async () => {
    const manager = await openManager({ dataDir: tempDir() });
    await manager.createTopic('c', { configs: { 'retention.ms': 1000 } });
    await manager.alterTopicConfigs('c', { 'max.message.bytes': 100 });
    expect(manager.getTopic('c')?.configOverrides).toEqual({ 'max.message.bytes': '100' });
    expect(await errorName(() => manager.partition('c', 0).append(makeBatch({ valueBytes: 200 })))).toBe('MESSAGE_TOO_LARGE');

    await manager.incrementalAlterTopicConfigs('c', [
      { name: 'max.message.bytes', op: 'DELETE', value: null },
      { name: 'cleanup.policy', op: 'APPEND', value: 'compact' },
    ]);
    expect(manager.getTopic('c')?.configOverrides).toEqual({ 'cleanup.policy': 'delete,compact' });
    expect(manager.partition('c', 0).config.compact).toBe(true);
    expect(await errorName(() => manager.partition('c', 0).append(makeBatch({ valueBytes: 200 })))).toBe('INVALID_RECORD');
    manager.partition('c', 0).append(makeBatch({ valueBytes: 200, keyPrefix: 'k' }));

    expect(await errorName(manager.alterTopicConfigs('c', { 'segment.bytes': 'huge' }))).toBe('INVALID_CONFIG');
    await manager.incrementalAlterTopicConfigs('c', [{ name: 'retention.ms', op: 'SET', value: '5' }], { validateOnly: true });
    expect(manager.getTopic('c')?.configOverrides).toEqual({ 'cleanup.policy': 'delete,compact' });
  });
});

describe('LogManager lifecycle', () => {
  it('keeps topics, IDs, configs and data across a restart', async () => {
    const dataDir = tempDir();
    const manager = await LogManager.open({ dataDir });
    const a = await manager.createTopic('a', { numPartitions: 2, configs: { 'segment.bytes': 300 } });
    const b = await manager.createTopic('__internal', { configs: { 'cleanup.policy': 'compact' } });
    for (let i = 0; i < 10; i++) manager.partition('a', 1).append(makeBatch({ records: 2, valueBytes: 50 }));
    await manager.createPartitions('__internal', 3);
    await manager.partition('a', 1).deleteRecords(4);
    expect(existsSync(join(dataDir, '.clean-shutdown'))).toBe(false);
    await manager.close();
    expect(existsSync(join(dataDir, '.clean-shutdown'))).toBe(true);

    const reopened = await openManager({ dataDir });
    expect(existsSync(join(dataDir, '.clean-shutdown'))).toBe(false);
    expect(reopened.getTopic('a')).toEqual(a);
    expect(reopened.getTopic('__internal')).toEqual({ ...b, partitions: 3 });
    expect(reopened.getTopicById(b.topicId)?.name).toBe('__internal');
    const log = reopened.partition('a', 1);
    expect(log.logStartOffset).toBe(4);
    expect(log.logEndOffset).toBe(20);
    expect(offsetsIn(log.read(4, 1 << 20).records)).toEqual(Array.from({ length: 16 }, (_, i) => i + 4));
    expect(log.segmentBaseOffsets.length).toBeGreaterThan(1);
    expect(log.append(makeBatch()).baseOffset).toBe(20);
  });

  it('runs retention across partitions with the injected clock', async () => {
    const clock = new TestClock();
    const manager = await openManager({ dataDir: tempDir(), now: clock.now });
    await manager.createTopic('r', { numPartitions: 2, configs: { 'retention.ms': 1000, 'segment.bytes': 200 } });
    for (const p of [0, 1]) {
      for (let i = 0; i < 3; i++) manager.partition('r', p).append(makeBatch({ valueBytes: 100, baseTimestamp: clock.nowMs }));
    }
    clock.advance(5000);
    expect(await manager.runRetention()).toBe(6);
    expect(manager.partition('r', 0).logStartOffset).toBe(3);
  });

  it('flushes on the flush.ms schedule once started, persisting index entries', async () => {
    const dataDir = tempDir();
    const manager = await openManager({ dataDir, flushCheckIntervalMs: 10 });
    await manager.createTopic('f', { configs: { 'flush.ms': 20, 'index.interval.bytes': 1 } });
    for (let i = 0; i < 5; i++) manager.partition('f', 0).append(makeBatch());
    const index = join(dataDir, 'f-0', '00000000000000000000.index');
    expect(statSync(index).size).toBe(0);
    manager.start();
    await expect.poll(() => statSync(index).size, { timeout: 2000 }).toBe(4 * 8);
  });

  it('rejects invalid broker-wide defaults at start', async () => {
    expect(await errorName(LogManager.open({ dataDir: tempDir(), topicConfigDefaults: { 'log.segment.bytes': 1 } }))).toBe('INVALID_CONFIG');
  });
});
