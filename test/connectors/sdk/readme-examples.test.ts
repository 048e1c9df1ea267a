/** The README's examples are code plugin authors copy: they must import, run and behave as described. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigException, SinkRecord, type SourceConnector, type SinkConnector, type SourceTaskContext } from '../../../connectors/sdk/index.ts';

const sdk = fileURLToPath(new URL('../../../connectors/sdk/index.ts', import.meta.url));
const readme = readFileSync(new URL('../../../connectors/sdk/README.md', import.meta.url), 'utf8');
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map(([, code]) => code.replaceAll("'sluice/sdk'", JSON.stringify(sdk)));
const directory = mkdtempSync(join(tmpdir(), 'sluice-readme-'));

async function load(index: number): Promise<Record<string, unknown>> {
  const file = join(directory, `example-${index}.ts`);
  writeFileSync(file, examples[index]);
  return import(file);
}

describe('SDK README examples', () => {
  it('has the source and sink examples', () => expect(examples).toHaveLength(2));

  it('runs the source example: config check, resume from offset, poll', async () => {
    const { CounterSource } = (await load(0)) as { CounterSource: new () => SourceConnector };
    const connector = new CounterSource();
    expect(() => connector.config().parse({})).toThrow(ConfigException);
    await connector.start({ topic: 'numbers', 'interval.ms': '1' });
    const [props] = await connector.taskConfigs(3);
    const task = new (connector.taskClass())();
    const context: SourceTaskContext = { configs: props, offsetStorageReader: { offset: async () => ({ next: 41 }), offsets: async () => new Map() } };
    task.initialize(context);
    await task.start(props);
    const [record] = (await task.poll()) ?? [];
    expect([record.topic, record.value, record.sourceOffset]).toEqual(['numbers', 41n, { next: 42 }]);
    await task.stop();
    expect(await task.poll()).toBeNull();
  });

  it('runs the sink example', async () => {
    const { LogSink } = (await load(1)) as { LogSink: new () => SinkConnector };
    const connector = new LogSink();
    await connector.start({ prefix: '>' });
    expect(await connector.taskConfigs(2)).toHaveLength(2);
    const task = new (connector.taskClass())();
    await task.start({ prefix: '>' });
    await expect(task.put([new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 0, value: 'hello' })])).resolves.toBeUndefined();
  });
});
