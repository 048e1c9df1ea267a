import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ConnectException, Schema, SchemaBuilder, SinkRecord, Struct, TopicPartition, type OffsetAndMetadata, type Props, type SinkTaskContext,
} from '../../../connectors/sdk/index.ts';
import { FileStreamSinkConnector, FileStreamSinkTask } from '../../../connectors/file/index.ts';

function context(configs: Props): SinkTaskContext {
  return {
    configs,
    offset: () => {},
    offsets: () => {},
    timeout: () => {},
    assignment: () => new Set([TopicPartition.of('t', 0)]),
    pause: () => {},
    resume: () => {},
    requestCommit: () => {},
    errantRecordReporter: () => null,
  };
}

async function startTask(props: Props): Promise<FileStreamSinkTask> {
  const task = new FileStreamSinkTask();
  task.initialize(context(props));
  await task.start(props);
  return task;
}

let offset = 0;
function record(value: unknown, valueSchema: Schema | null = null): SinkRecord {
  return new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: offset++, valueSchema, value });
}

const committed = new Map<TopicPartition, OffsetAndMetadata>([[TopicPartition.of('t', 0), { offset: 3 }]]);

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-file-sink-'));
  file = join(dir, 'out.txt');
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('FileStreamSinkTask', () => {
  it('appends each value as a line, after what the file already held', async () => {
    writeFileSync(file, 'existing\n');
    const task = await startTask({ file });
    await task.put([record('alpha', Schema.STRING_SCHEMA), record('beta', Schema.STRING_SCHEMA)]);
    await task.put([]);
    await task.put([record(42), record(null)]);
    await task.preCommit(committed);
    await task.stop();
    expect(readFileSync(file, 'utf8')).toBe('existing\nalpha\nbeta\n42\nnull\n');
  });

  it('writes bytes as UTF-8 text, schemaless objects as JSON and Structs as Struct{...}', async () => {
    const schema = SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).build();
    const task = await startTask({ file });
    await task.put([record(Buffer.from('bytes')), record({ a: 1, big: 2n ** 70n, list: [true] }), record(new Struct(schema).put('id', 7), schema)]);
    await task.stop();
    expect(readFileSync(file, 'utf8')).toBe(`bytes\n{"a":1,"big":"${2n ** 70n}","list":[true]}\nStruct{id=7}\n`);
  });

  it('fsyncs in flush (so in preCommit) and returns the offsets it was given', async () => {
    const probe = await open(join(dir, 'probe'), 'w');
    const sync = vi.spyOn(Object.getPrototypeOf(probe) as { sync(): Promise<void> }, 'sync');
    await probe.close();
    const task = await startTask({ file });
    await task.put([record('durable')]);
    expect(sync).not.toHaveBeenCalled();
    expect(await task.preCommit(committed)).toBe(committed);
    expect(sync).toHaveBeenCalledTimes(1);
    await task.flush(committed); // nothing new: no second fsync
    expect(sync).toHaveBeenCalledTimes(1);
    await task.stop();
  });

  it('fails to start when the file cannot be opened', async () => {
    await expect(startTask({ file: join(dir, 'missing-folder', 'out.txt') })).rejects.toBeInstanceOf(ConnectException);
  });

  it('writes to standard output when no file is set', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const task = await startTask({});
    await task.put([record('to stdout')]);
    await task.stop();
    expect(write).toHaveBeenCalledWith('to stdout\n');
  });
});

describe('FileStreamSinkConnector', () => {
  it('gives every task the connector config', () => {
    const connector = new FileStreamSinkConnector();
    const props = { file, topics: 'a,b' };
    connector.start(props);
    expect(connector.taskClass()).toBe(FileStreamSinkTask);
    expect(connector.taskConfigs(2)).toEqual([props, props]);
    expect(connector.config().keys().map((k) => k.name)).toEqual(['file']);
  });
});
