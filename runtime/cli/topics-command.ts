// `sluice topics ...`: topic administration through a Kafka client, so it works against any Kafka cluster.
import { Command } from 'commander';
import type { Admin } from '@platformatic/kafka';
import { printTable } from './table.ts';

const DEFAULT_BOOTSTRAP = '127.0.0.1:9092';

async function withAdmin<T>(bootstrap: string, work: (admin: Admin) => Promise<T>): Promise<T> {
  // Loaded on use, so commands that never talk to Kafka (e.g. `broker start`) don't pay for the client.
  const { Admin } = await import('@platformatic/kafka');
  const admin = new Admin({ clientId: 'sluice-cli', bootstrapBrokers: bootstrap.split(','), retries: 2 });
  try {
    return await work(admin);
  } finally {
    await admin.close();
  }
}

function parseConfigs(pairs: string[]): { name: string; value: string }[] {
  return pairs.map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--config expects name=value, got '${pair}'`);
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
  });
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function topicsCommand(): Command {
  const topics = new Command('topics').description('manage topics on a broker or Kafka cluster');
  const bootstrapOption = ['--bootstrap-server <host:port>', 'broker to connect to (comma-separated list allowed)', DEFAULT_BOOTSTRAP] as const;

  topics
    .command('create <topic>')
    .option(...bootstrapOption)
    .option('--partitions <n>', 'number of partitions', (v) => Number.parseInt(v, 10), 1)
    .option('--replication-factor <n>', 'replication factor', (v) => Number.parseInt(v, 10), 1)
    .option('--config <name=value>', 'topic config override (repeatable)', collect, [])
    .action(async (topic: string, opts: { bootstrapServer: string; partitions: number; replicationFactor: number; config: string[] }) => {
      await withAdmin(opts.bootstrapServer, (admin) =>
        admin.createTopics({ topics: [topic], partitions: opts.partitions, replicas: opts.replicationFactor, configs: parseConfigs(opts.config) }),
      );
      console.log(`Created topic ${topic}.`);
    });

  topics
    .command('list')
    .option(...bootstrapOption)
    .option('--include-internal', 'also list internal topics', false)
    .action(async (opts: { bootstrapServer: string; includeInternal: boolean }) => {
      const names = await withAdmin(opts.bootstrapServer, (admin) => admin.listTopics({ includeInternals: opts.includeInternal }));
      for (const name of [...names].sort()) console.log(name);
    });

  topics
    .command('describe <topic>')
    .option(...bootstrapOption)
    .option('--json', 'print JSON', false)
    .action(async (topic: string, opts: { bootstrapServer: string; json: boolean }) => {
      const metadata = await withAdmin(opts.bootstrapServer, (admin) => admin.metadata({ topics: [topic] }));
      const info = metadata.topics.get(topic);
      if (!info) throw new Error(`topic ${topic} not found`);
      const rows = info.partitions.map((p, index) => ({
        partition: index,
        leader: p.leader,
        replicas: p.replicas.join(','),
        isr: p.isr?.join(',') ?? '',
      }));
      if (opts.json) console.log(JSON.stringify({ topic, id: info.id, partitions: rows }, null, 2));
      else {
        console.log(`Topic: ${topic}\tTopicId: ${info.id}\tPartitionCount: ${info.partitionsCount}`);
        printTable(rows);
      }
    });

  topics
    .command('delete <topic>')
    .option(...bootstrapOption)
    .action(async (topic: string, opts: { bootstrapServer: string }) => {
      await withAdmin(opts.bootstrapServer, (admin) => admin.deleteTopics({ topics: [topic] }));
      console.log(`Deleted topic ${topic}.`);
    });

  return topics;
}
