// Admin APIs (CreatePartitions, DescribeConfigs, AlterConfigs, IncrementalAlterConfigs,
// DeleteRecords, ListOffsets, DescribeCluster) driven by third-party clients against the
// real broker process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigResourceTypes, Kafka, logLevel, type Admin as KafkajsAdmin } from 'kafkajs';
import { Admin as PlatformaticAdmin } from '@platformatic/kafka';
import { startBrokerProcess, type BrokerProcess } from '../../support/broker-process.ts';
import { runCommand } from '../../support/run-command.ts';

let broker: BrokerProcess;
let admin: KafkajsAdmin;

beforeAll(async () => {
  broker = await startBrokerProcess();
  admin = new Kafka({ clientId: 'admin-test', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
});

afterAll(async () => {
  await admin?.disconnect();
  await broker?.stop();
  broker?.cleanup();
});

async function produceLines(topic: string, lines: string[], extra: string[] = []): Promise<void> {
  const res = await runCommand('kcat', ['-P', '-b', broker.bootstrap, '-t', topic, ...extra], { input: lines.join('\n') + '\n' });
  expect(res.code, res.stderr).toBe(0);
}

describe('admin APIs', () => {
  it('describes the cluster', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: broker.port }]);
    expect(cluster.controller).toBe(1);
    expect(cluster.clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('grows a topic with CreatePartitions and refuses to shrink it', async () => {
    await admin.createTopics({ topics: [{ topic: 'grow', numPartitions: 2 }] });
    await admin.createPartitions({ topicPartitions: [{ topic: 'grow', count: 5 }] });
    const meta = await admin.fetchTopicMetadata({ topics: ['grow'] });
    expect(meta.topics[0].partitions).toHaveLength(5);
    await expect(admin.createPartitions({ topicPartitions: [{ topic: 'grow', count: 3 }] })).rejects.toThrow(/partitions/i);
  });

  it('describes effective topic configs with their source, and alters them', async () => {
    await admin.createTopics({ topics: [{ topic: 'configured', configEntries: [{ name: 'retention.ms', value: '3600000' }] }] });
    const describe = async () => {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: 'configured', configNames: ['retention.ms', 'cleanup.policy', 'segment.bytes'] }],
      });
      return Object.fromEntries(resources[0].configEntries.map((e) => [e.configName, { value: e.configValue, isDefault: e.isDefault }]));
    };
    expect(await describe()).toEqual({
      'retention.ms': { value: '3600000', isDefault: false },
      'cleanup.policy': { value: 'delete', isDefault: true },
      'segment.bytes': { value: '1073741824', isDefault: true },
    });

    // AlterConfigs replaces the whole override set.
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'configured', configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }] });
    expect(await describe()).toEqual({
      'retention.ms': { value: '604800000', isDefault: true },
      'cleanup.policy': { value: 'compact', isDefault: false },
      'segment.bytes': { value: '1073741824', isDefault: true },
    });

    // IncrementalAlterConfigs changes one key and keeps the rest.
    const plat = new PlatformaticAdmin({ clientId: 'admin-test', bootstrapBrokers: [broker.bootstrap] });
    try {
      await plat.incrementalAlterConfigs({
        resources: [{ resourceType: 2, resourceName: 'configured', configs: [{ name: 'segment.bytes', configOperation: 0, value: '1048576' }] }],
      });
    } finally {
      await plat.close();
    }
    expect(await describe()).toEqual({
      'retention.ms': { value: '604800000', isDefault: true },
      'cleanup.policy': { value: 'compact', isDefault: false },
      'segment.bytes': { value: '1048576', isDefault: false },
    });

    await expect(
      admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'configured', configEntries: [{ name: 'retention.ms', value: 'forever' }] }] }),
    ).rejects.toThrow();
  });

  it('finds offsets by timestamp and deletes records below an offset', async () => {
    const before = Date.now();
    await produceLines('timed', ['a', 'b', 'c', 'd', 'e']);
    expect(await admin.fetchTopicOffsetsByTimestamp('timed', before - 60_000)).toEqual([{ partition: 0, offset: '0' }]);
    expect(await admin.fetchTopicOffsetsByTimestamp('timed', Date.now() + 60_000)).toEqual([{ partition: 0, offset: '5' }]);

    await admin.deleteTopicRecords({ topic: 'timed', partitions: [{ partition: 0, offset: '3' }] });
    const [offsets] = await admin.fetchTopicOffsets('timed');
    expect(offsets).toMatchObject({ partition: 0, low: '3', high: '5' });
    const res = await runCommand('kcat', ['-C', '-b', broker.bootstrap, '-t', 'timed', '-o', 'beginning', '-e', '-q', '-f', '%o:%s\n']);
    expect(res.stdout.toString()).toBe('3:d\n4:e\n');
  });
});
