import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigException, ConnectException, Schema, SourceRecord, errorCount, type OffsetStorageReader, type Props, type SourceOffset, type SourcePartition,
} from '../../../connectors/sdk/index.ts';
import { FileStreamSourceConnector, FileStreamSourceTask } from '../../../connectors/file/index.ts';

/** Offsets as a runtime would have committed them, keyed by the partition's JSON. */
function offsetReader(stored: Record<string, SourceOffset> = {}): OffsetStorageReader {
  const reader: OffsetStorageReader = {
    offset: async (partition) => stored[JSON.stringify(partition)] ?? null,
    offsets: async (partitions) => new Map(await Promise.all(partitions.map(async (p) => [p, await reader.offset(p)] as [SourcePartition, SourceOffset | null]))),
  };
  return reader;
}

async function startTask(props: Props, stored?: Record<string, SourceOffset>): Promise<FileStreamSourceTask> {
  const task = new FileStreamSourceTask();
  task.initialize({ configs: props, offsetStorageReader: offsetReader(stored) });
  await task.start(props);
  return task;
}

/** Polls until `count` records arrived (or the deadline passes). */
async function pollRecords(task: FileStreamSourceTask, count: number, deadlineMs = 5_000): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  const deadline = Date.now() + deadlineMs;
  while (records.length < count && Date.now() < deadline) records.push(...((await task.poll()) ?? []));
  return records;
}

let dir: string;
let file: string;
let task: FileStreamSourceTask | null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-file-source-'));
  file = join(dir, 'input.txt');
  task = null;
});

afterEach(async () => {
  await task?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('FileStreamSourceTask', () => {
  it('emits each line as a STRING record with the file as partition and the byte position after the line as offset', async () => {
    writeFileSync(file, 'first\r\nsecond\nthird\n');
    task = await startTask({ file, topic: 'lines' });
    const records = await pollRecords(task, 3);
    expect(records.map((r) => r.value)).toEqual(['first', 'second', 'third']);
    expect(records.map((r) => r.sourceOffset)).toEqual([{ position: 7 }, { position: 14 }, { position: 20 }]);
    for (const record of records) {
      expect(record).toBeInstanceOf(SourceRecord);
      expect(record.topic).toBe('lines');
      expect(record.sourcePartition).toEqual({ filename: file });
      expect(record.valueSchema).toBe(Schema.STRING_SCHEMA);
      expect(record.key).toBeNull();
    }
  });

  it('resumes after the stored offset', async () => {
    writeFileSync(file, 'done\nalso done\nnew\n');
    task = await startTask({ file, topic: 't' }, { [JSON.stringify({ filename: file })]: { position: 15 } });
    const records = await pollRecords(task, 1);
    expect(records.map((r) => r.value)).toEqual(['new']);
    expect(records[0].sourceOffset).toEqual({ position: 19 });
  });

  it('refuses a stored offset without a usable position', async () => {
    writeFileSync(file, 'x\n');
    await expect(startTask({ file, topic: 't' }, { [JSON.stringify({ filename: file })]: { position: 'far' } })).rejects.toBeInstanceOf(ConnectException);
  });

  it('follows the file: lines appended later are picked up, a partial line only once it is complete', async () => {
    writeFileSync(file, 'a\n');
    task = await startTask({ file, topic: 't' });
    expect((await pollRecords(task, 1)).map((r) => r.value)).toEqual(['a']);
    appendFileSync(file, 'b\nhalf');
    expect((await pollRecords(task, 1)).map((r) => r.value)).toEqual(['b']);
    appendFileSync(file, ' and half\n');
    const [last] = await pollRecords(task, 1);
    expect(last.value).toBe('half and half');
    expect(last.sourceOffset).toEqual({ position: 'a\nb\nhalf and half\n'.length });
  });

  it('waits for a file that does not exist yet', async () => {
    task = await startTask({ file, topic: 't' });
    const started = Date.now();
    expect(await task.poll()).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(500); // it waited instead of spinning
    writeFileSync(file, 'finally\n');
    expect((await pollRecords(task, 1)).map((r) => r.value)).toEqual(['finally']);
  });

  it('returns at most batch.size records per poll', async () => {
    writeFileSync(file, Array.from({ length: 25 }, (_, i) => `line ${i}\n`).join(''));
    task = await startTask({ file, topic: 't', 'batch.size': '10' });
    expect((await task.poll())?.length).toBe(10);
    expect((await task.poll())?.length).toBe(10);
    expect((await task.poll())?.map((r) => r.value)).toEqual(['line 20', 'line 21', 'line 22', 'line 23', 'line 24']);
  });

  it('settles a waiting poll promptly when stopped', async () => {
    writeFileSync(file, '');
    const stopping = await startTask({ file, topic: 't' });
    const started = Date.now();
    const pending = stopping.poll();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await stopping.stop();
    expect(await pending).toBeNull();
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('FileStreamSourceConnector', () => {
  it('runs one task with the connector config, whatever tasks.max says', () => {
    const connector = new FileStreamSourceConnector();
    const props = { file: '/tmp/x', topic: 't', 'tasks.max': '4' };
    connector.start(props);
    expect(connector.taskClass()).toBe(FileStreamSourceTask);
    expect(connector.taskConfigs(4)).toEqual([props]);
  });

  it('validates its config: topic is required and names exactly one topic', async () => {
    const connector = new FileStreamSourceConnector();
    expect(errorCount(await connector.validate({ file: 'f', topic: 't' }))).toBe(0);
    expect(errorCount(await connector.validate({ file: 'f' }))).toBe(1);
    expect(errorCount(await connector.validate({ topic: 'a,b' }))).toBe(1);
    expect(errorCount(await connector.validate({ topic: 't', 'batch.size': '0' }))).toBe(1);
    expect(() => connector.start({ file: 'f' })).toThrow(ConfigException);
    expect(connector.config().keys().map((k) => [k.name, k.defaultValue])).toEqual([['file', null], ['topic', null], ['batch.size', '2000']]);
  });

  it('accepts only offsets it can resume from', () => {
    const connector = new FileStreamSourceConnector();
    expect(connector.alterOffsets({}, new Map([[{ filename: 'f' }, { position: 10 }], [{ filename: 'g' }, null]]))).toBe(false);
    expect(() => connector.alterOffsets({}, new Map([[{ file: 'f' }, { position: 10 }]]))).toThrow(ConnectException);
    expect(() => connector.alterOffsets({}, new Map([[{ filename: 'f' }, { position: -1 }]]))).toThrow(ConnectException);
  });
});
