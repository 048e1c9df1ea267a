import { describe, expect, it } from 'vitest';
import {
  ConfigException, Schema, SourceRecord, Struct, Timestamp, configValue, errorCount, type OffsetStorageReader, type Props, type SourceOffset, type SourcePartition,
} from '../../../connectors/sdk/index.ts';
import { DatagenConnector, DatagenTask } from '../../../connectors/datagen/index.ts';

function offsetReader(stored: Record<string, SourceOffset> = {}): OffsetStorageReader {
  const reader: OffsetStorageReader = {
    offset: async (partition) => stored[JSON.stringify(partition)] ?? null,
    offsets: async (partitions) => new Map(await Promise.all(partitions.map(async (p) => [p, await reader.offset(p)] as [SourcePartition, SourceOffset | null]))),
  };
  return reader;
}

async function startTask(props: Props, stored?: Record<string, SourceOffset>): Promise<DatagenTask> {
  const task = new DatagenTask();
  task.initialize({ configs: props, offsetStorageReader: offsetReader(stored) });
  await task.start(props);
  return task;
}

/**
 * The records a task produces: `limit` of them, or all until a poll returns null (a task that reached
 * max.records idles a second before it does).
 */
async function drain(task: DatagenTask, limit = Infinity): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  while (records.length < limit) {
    const batch = await task.poll();
    if (batch === null) break;
    records.push(...batch);
  }
  return records;
}

function connectorTasks(props: Props, maxTasks: number): Props[] {
  const connector = new DatagenConnector();
  connector.start(props);
  return connector.taskConfigs(maxTasks);
}

describe('DatagenTask', () => {
  it('generates users records: string keys, a named struct value, offsets {seq} in partition {task}', async () => {
    const task = await startTask({ topic: 'users', 'max.records': '3' });
    const records = await drain(task, 3);
    await task.stop();
    expect(records).toHaveLength(3);
    expect(records.map((r) => r.sourceOffset)).toEqual([{ seq: 0 }, { seq: 1 }, { seq: 2 }]);
    for (const record of records) {
      expect(record.topic).toBe('users');
      expect(record.sourcePartition).toEqual({ task: 0 });
      expect(record.keySchema).toBe(Schema.STRING_SCHEMA);
      expect(record.key).toMatch(/^User_\d+$/);
      expect(record.valueSchema?.name).toBe('io.sluice.connect.datagen.users');
      const value = record.value as Struct;
      value.validate();
      expect(value.get('userid')).toBe(record.key);
      expect(value.get('regionid')).toMatch(/^Region_[1-9]$/);
      expect(['FEMALE', 'MALE', 'OTHER']).toContain(value.get('gender'));
      expect(value.getDate('registertime')).toBeInstanceOf(Date);
    }
  });

  it('has orders and pageviews quickstarts', async () => {
    for (const [quickstart, fields] of [['orders', ['ordertime', 'orderid', 'customerid', 'itemid', 'quantity', 'price']], ['pageviews', ['viewtime', 'userid', 'pageid']]] as const) {
      const task = await startTask({ topic: quickstart, quickstart, 'max.records': '5' });
      const records = await drain(task, 5);
      expect(records).toHaveLength(5);
      expect(records[0].valueSchema?.fields.map((f) => f.name)).toEqual(fields);
      for (const record of records) (record.value as Struct).validate();
    }
  });

  it('draws keys from key.space distinct values, and writes keyless records for key.space 0', async () => {
    const keys = new Set((await drain(await startTask({ topic: 't', 'key.space': '5', 'max.records': '500' }), 500)).map((r) => r.key));
    expect([...keys].sort()).toEqual(['User_1', 'User_2', 'User_3', 'User_4', 'User_5']);
    const keyless = await drain(await startTask({ topic: 't', 'key.space': '0', 'max.records': '3' }), 3);
    expect(keyless.map((r) => [r.key, r.keySchema])).toEqual([[null, null], [null, null], [null, null]]);
    for (const record of keyless) expect((record.value as Struct).get('userid')).toBeNull();
  });

  it('is deterministic with a seed, whatever the batch size', async () => {
    const values = async (props: Props) => (await drain(await startTask({ topic: 't', 'max.records': '50', ...props }), 50)).map((r) => [r.key, String(r.value)]);
    const first = await values({ seed: '42' });
    expect(await values({ seed: '42', 'batch.size': '7' })).toEqual(first);
    expect(await values({ seed: '43' })).not.toEqual(first);
    expect(await values({ seed: '42', 'task.id': '1' })).not.toEqual(first);
  });

  it('resumes after the last committed seq, counting max.records across restarts', async () => {
    const stored = { [JSON.stringify({ task: 0 })]: { seq: 6 } };
    const all = (await drain(await startTask({ topic: 't', seed: '1', 'max.records': '10' }), 10)).map((r) => String(r.value));
    const resumed = await drain(await startTask({ topic: 't', seed: '1', 'max.records': '10' }, stored));
    expect(resumed.map((r) => r.sourceOffset)).toEqual([{ seq: 7 }, { seq: 8 }, { seq: 9 }]);
    expect(resumed.map((r) => String(r.value))).toEqual(all.slice(7));
  });

  it('returns batches of batch.size and idles (without spinning) once max.records is reached', async () => {
    const task = await startTask({ topic: 't', 'batch.size': '40', 'max.records': '100' });
    expect((await task.poll())?.length).toBe(40);
    expect((await task.poll())?.length).toBe(40);
    expect((await task.poll())?.length).toBe(20);
    const idle = task.poll();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await task.stop(); // settles the idle wait at once
    expect(await idle).toBeNull();
  });

  it('keeps roughly to records.per.second', async () => {
    const task = await startTask({ topic: 't', 'records.per.second': '40' });
    const started = performance.now();
    let count = 0;
    while (performance.now() - started < 500) count += (await task.poll())?.length ?? 0;
    await task.stop();
    expect(count).toBeGreaterThanOrEqual(15);
    expect(count).toBeLessThanOrEqual(25);
  });

  it('is fast enough for benchmarks', async () => {
    const task = await startTask({ topic: 't', 'max.records': '100000', 'key.space': '1000' });
    const started = performance.now();
    expect(await drain(task, 100_000)).toHaveLength(100_000);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('generates the fields of schema.fields', async () => {
    const fields = {
      id: 'seq',
      who: 'key',
      uuid: 'uuid',
      name: { type: 'string', length: 5 },
      color: { type: 'string', values: ['red', 'green'] },
      item: { type: 'string', prefix: 'Item_', min: 1, max: 3 },
      count: { type: 'int', min: -2, max: 2 },
      big: { type: 'long', min: 2 ** 40, max: 2 ** 50 },
      amount: { type: 'double', min: 1, max: 2, decimals: 2 },
      flag: 'boolean',
      at: { type: 'timestamp', min: '2024-01-01T00:00:00Z', max: '2024-01-02T00:00:00Z' },
      now: 'now',
    };
    const records = await drain(await startTask({ topic: 't', 'schema.fields': JSON.stringify(fields), 'key.space': '10', 'max.records': '200' }), 200);
    expect(records).toHaveLength(200);
    const schema = records[0].valueSchema!;
    expect(schema.name).toBeNull();
    expect(schema.fields.map((f) => [f.name, f.schema.type])).toEqual([
      ['id', 'int64'], ['who', 'string'], ['uuid', 'string'], ['name', 'string'], ['color', 'string'], ['item', 'string'], ['count', 'int32'],
      ['big', 'int64'], ['amount', 'float64'], ['flag', 'boolean'], ['at', 'int64'], ['now', 'int64'],
    ]);
    expect(schema.field('at')?.schema.name).toBe(Timestamp.LOGICAL_NAME);
    records.forEach((record, seq) => {
      const value = record.value as Struct;
      value.validate();
      expect(value.get('id')).toBe(seq);
      expect(record.key).toMatch(/^Key_([1-9]|10)$/);
      expect(value.get('who')).toBe(record.key);
      expect(value.get('uuid')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(value.get('name')).toMatch(/^[a-zA-Z0-9]{5}$/);
      expect(['red', 'green']).toContain(value.get('color'));
      expect(['Item_1', 'Item_2', 'Item_3']).toContain(value.get('item'));
      expect(value.get('count')).toBeGreaterThanOrEqual(-2);
      expect(value.get('count')).toBeLessThanOrEqual(2);
      expect(value.get('big')).toBeGreaterThanOrEqual(2 ** 40);
      expect(value.get('big')).toBeLessThanOrEqual(2 ** 50);
      expect(Math.round((value.get('amount') as number) * 100) / 100).toBe(value.get('amount'));
      const at = value.getDate('at')!.getTime();
      expect(at).toBeGreaterThanOrEqual(Date.parse('2024-01-01T00:00:00Z'));
      expect(at).toBeLessThanOrEqual(Date.parse('2024-01-02T00:00:00Z'));
    });
    expect(new Set(records.map((r) => (r.value as Struct).get('count'))).size).toBe(5);
  });
});

describe('DatagenConnector', () => {
  it('splits max.records and the rate among tasks, each task naming its partition', () => {
    const configs = connectorTasks({ topic: 't', 'max.records': '10', 'records.per.second': '30' }, 3);
    expect(configs.map((c) => [c['task.id'], c['max.records'], c['records.per.second']])).toEqual([['0', '4', '10'], ['1', '3', '10'], ['2', '3', '10']]);
    expect(configs.every((c) => c.topic === 't')).toBe(true);
  });

  it('starts no more tasks than there are records, and tasks.max tasks when unlimited', () => {
    expect(connectorTasks({ topic: 't', 'max.records': '2' }, 5).map((c) => c['max.records'])).toEqual(['1', '1']);
    expect(connectorTasks({ topic: 't', 'max.records': '0' }, 5).map((c) => c['max.records'])).toEqual(['0']);
    expect(connectorTasks({ topic: 't' }, 4).map((c) => c['max.records'])).toEqual(['-1', '-1', '-1', '-1']);
  });

  it('tasks of a split produce max.records in total, with distinct partitions', async () => {
    const configs = connectorTasks({ topic: 't', 'max.records': '25', seed: '9' }, 4);
    const records = (await Promise.all(configs.map(async (props) => drain(await startTask(props))))).flat();
    expect(records).toHaveLength(25);
    expect(new Set(records.map((r) => JSON.stringify(r.sourcePartition))).size).toBe(4);
  });

  it('reports bad schema.fields and conflicting schema settings per key', () => {
    const connector = new DatagenConnector();
    const fieldsErrors = (fields: string) => configValue(connector.validate({ topic: 't', 'schema.fields': fields }), 'schema.fields')?.errors ?? [];
    expect(errorCount(connector.validate({ topic: 't', 'schema.fields': '{"a": "int"}' }))).toBe(0);
    expect(fieldsErrors('not json')[0]).toMatch(/not valid JSON/);
    expect(fieldsErrors('{}')[0]).toMatch(/at least one field/);
    expect(fieldsErrors('{"a": "decimal"}')[0]).toMatch(/field "a": unknown type "decimal"/);
    expect(fieldsErrors('{"a": {"type": "int", "length": 3}}')[0]).toMatch(/"length" does not apply to type int/);
    expect(fieldsErrors('{"a": {"type": "int", "min": 5, "max": 1}}')[0]).toMatch(/min 5 is above max 1/);
    expect(fieldsErrors('{"a": {"type": "int", "max": 3000000000}}')[0]).toMatch(/fit 32 bits/);
    expect(fieldsErrors('{"a": {"type": "string", "values": [1]}}')[0]).toMatch(/non-empty array of strings/);
    const both = connector.validate({ topic: 't', quickstart: 'orders', 'schema.fields': '{"a": "int"}' });
    expect(configValue(both, 'quickstart')?.errors[0]).toMatch(/either "quickstart" or "schema.fields"/);
    expect(errorCount(connector.validate({ topic: 't', quickstart: 'ORDERS' }))).toBe(0);
    expect(errorCount(connector.validate({ topic: 't', quickstart: 'clicks' }))).toBe(1);
    expect(() => new DatagenConnector().start({ topic: 't', 'schema.fields': '[]' })).toThrow(ConfigException);
  });
});
