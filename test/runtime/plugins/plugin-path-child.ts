// Child process for the plugin.path tests: loads the plugin path given as arguments the way a worker
// does (plain Node, so the 'sluice/sdk' resolution hook is what a real run gets), drives the loaded
// plugins through the SDK API, and prints what happened as JSON.
import { basename } from 'node:path';
import { pino } from 'pino';
import {
  SinkRecord, SourceRecord, TopicPartition, type OffsetStorageReader, type SinkTaskContext, type SourceTaskContext,
} from '../../../connectors/sdk/index.ts';
import { PluginRegistry } from '../../../runtime/plugins/index.ts';

const logs: { level: number; msg: string }[] = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line) as { level: number; msg: string }) });
const registry = new PluginRegistry({ logger });
const builtinProblems = await registry.registerBuiltins();
const problems = await registry.loadPluginPath(process.argv.slice(2));

const noOffsets: OffsetStorageReader = { offset: async () => null, offsets: async (partitions) => new Map(partitions.map((p) => [p, null])) };

async function runSource(name: string): Promise<unknown> {
  const connector = new (registry.connectorClass(name))();
  connector.initialize({ requestTaskReconfiguration() {}, raiseError() {}, offsetStorageReader: noOffsets });
  await connector.start({ topic: 'counts' });
  const [props] = await connector.taskConfigs(1);
  const task = new (connector.taskClass())();
  task.initialize({ configs: props, offsetStorageReader: noOffsets } satisfies SourceTaskContext as never);
  await task.start(props);
  const records = (await (task as unknown as { poll(): Promise<SourceRecord[]> }).poll()) ?? [];
  await task.stop();
  return records.map((record) => ({ sdkRecord: record instanceof SourceRecord, value: record.value, offset: record.sourceOffset }));
}

async function runSink(name: string): Promise<unknown> {
  const partition = TopicPartition.of('counts', 0);
  const connector = new (registry.connectorClass(name))();
  await connector.start({});
  const [props] = await connector.taskConfigs(1);
  const task = new (connector.taskClass())() as unknown as { initialize(c: SinkTaskContext): void; start(p: object): void; put(r: SinkRecord[]): void; seen: TopicPartition[] };
  task.initialize({ configs: props, assignment: () => new Set([partition]) } as unknown as SinkTaskContext);
  task.start(props);
  task.put([new SinkRecord({ topic: 'counts', kafkaPartition: 0, kafkaOffset: 0, value: 'x' })]);
  // The plugin interned its TopicPartitions with the SDK it imported: the runtime's instance, or not?
  return { sameTopicPartition: task.seen[0] === partition };
}

const converter = registry.converterRegistry().create('upper');
const converted = converter.fromConnectData('t', null, null, 'shout');

process.stdout.write(JSON.stringify({
  builtinProblems,
  problems: problems.map((p) => ({ package: basename(p.location), className: p.className, message: p.message })),
  connectors: registry.list().map((p) => p.class),
  converters: registry.list({ connectorsOnly: false }).filter((p) => p.type === 'converter').map((p) => `${p.class}@${p.version}`),
  counter: await runSource('counter'),
  sink: await runSink('LogSink'),
  converted: String(converted),
  warnings: logs.filter((log) => log.level === 40).length,
  loaded: logs.filter((log) => log.level === 30).map((log) => log.msg),
}));
