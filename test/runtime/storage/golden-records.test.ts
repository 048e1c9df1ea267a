// Golden files pin the bytes of every internal-topic record kind to Kafka Connect's formats: a change
// here breaks reading topics written by Connect (or Connect reading Sluice's). Each file holds the
// record key on line 1 and the value on line 2 ("(tombstone)" for null). UPDATE_GOLDEN=1 rewrites them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  connectorConfigRecord,
  decodeConfigRecord,
  restartRequestRecord,
  targetStateRecord,
  taskCommitRecord,
  taskConfigRecord,
  type EncodedRecord,
} from '../../../runtime/storage/config-records.ts';
import { decodeOffsetKey, decodeOffsetValue, encodeOffsetKey, encodeOffsetValue } from '../../../runtime/storage/offset-records.ts';
import { decodeStatusRecord, encodeStatusValue, encodeTopicStatusValue, statusKeys } from '../../../runtime/storage/status-records.ts';

const GOLDEN = join(import.meta.dirname, 'golden');
const TOMBSTONE = '(tombstone)';

function goldenText(record: EncodedRecord): string {
  return `${record.key.toString('utf8')}\n${record.value === null ? TOMBSTONE : record.value.toString('utf8')}\n`;
}

function readGolden(name: string): EncodedRecord {
  const [key, value] = readFileSync(join(GOLDEN, `${name}.txt`), 'utf8').split('\n');
  return { key: Buffer.from(key, 'utf8'), value: value === TOMBSTONE ? null : Buffer.from(value, 'utf8') };
}

function expectGolden(name: string, record: EncodedRecord): void {
  const path = join(GOLDEN, `${name}.txt`);
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, goldenText(record));
  expect(existsSync(path), `missing golden file ${path} (UPDATE_GOLDEN=1 writes it)`).toBe(true);
  expect(goldenText(record)).toBe(readFileSync(path, 'utf8'));
}

const connectorConfig = { 'connector.class': 'io.debezium.connector.postgresql.PostgresConnector', 'tasks.max': '1', 'database.hostname': 'db', name: 'inventory-source' };
const taskConfig = { ...connectorConfig, 'task.class': 'io.debezium.connector.postgresql.PostgresConnectorTask' };

describe('config topic records', () => {
  const cases: Array<[string, EncodedRecord, unknown]> = [
    ['config-connector', connectorConfigRecord('inventory-source', connectorConfig), { type: 'connector-config', connector: 'inventory-source', config: connectorConfig }],
    ['config-connector-tombstone', connectorConfigRecord('inventory-source', null), { type: 'connector-config', connector: 'inventory-source', config: null }],
    ['config-task', taskConfigRecord({ connector: 'inventory-source', task: 0 }, taskConfig), { type: 'task-config', task: { connector: 'inventory-source', task: 0 }, config: taskConfig }],
    ['config-commit', taskCommitRecord('inventory-source', 1), { type: 'task-commit', connector: 'inventory-source', taskCount: 1 }],
    ['config-target-state-started', targetStateRecord('inventory-source', 'STARTED'), { type: 'target-state', connector: 'inventory-source', state: 'STARTED' }],
    ['config-target-state-paused', targetStateRecord('inventory-source', 'PAUSED'), { type: 'target-state', connector: 'inventory-source', state: 'PAUSED' }],
    ['config-target-state-stopped', targetStateRecord('inventory-source', 'STOPPED'), { type: 'target-state', connector: 'inventory-source', state: 'STOPPED' }],
    ['config-target-state-tombstone', targetStateRecord('inventory-source', null), { type: 'target-state', connector: 'inventory-source', state: null }],
    ['config-restart', restartRequestRecord('inventory-source', { includeTasks: true, onlyFailed: false }), { type: 'restart-request', connector: 'inventory-source', request: { includeTasks: true, onlyFailed: false } }],
  ];
  for (const [name, record, decoded] of cases) {
    it(`${name} matches its golden file and decodes back`, () => {
      expectGolden(name, record);
      const golden = readGolden(name);
      expect(decodeConfigRecord(golden.key, golden.value)).toEqual(decoded);
    });
  }
});

describe('offsets topic records', () => {
  const partition = { server: 'inventory', slot: 'debezium' };
  const offset = { lsn: 24023128n, txId: 555, ts_usec: 1700000000123456, snapshot: false, last_snapshot_record: null };
  it('offset matches its golden file and decodes back (integers beyond 2^53 exact)', () => {
    expectGolden('offset', { key: encodeOffsetKey('inventory-source', partition), value: encodeOffsetValue(offset) });
    const golden = readGolden('offset');
    expect(decodeOffsetKey(golden.key)).toEqual({ connector: 'inventory-source', partition });
    expect(decodeOffsetValue(golden.value)).toEqual({ ...offset, lsn: 24023128 });
    const huge = { lsn: 9007199254740993n };
    expect(decodeOffsetValue(encodeOffsetValue(huge))).toEqual(huge);
    expect(encodeOffsetValue(huge)!.toString()).toBe('{"lsn":9007199254740993}');
  });
  it('offset tombstone matches its golden file', () => {
    expectGolden('offset-tombstone', { key: encodeOffsetKey('inventory-source', partition), value: encodeOffsetValue(null) });
    expect(decodeOffsetValue(readGolden('offset-tombstone').value)).toBeNull();
  });
});

describe('status topic records', () => {
  const cases: Array<[string, EncodedRecord, unknown]> = [
    [
      'status-connector',
      { key: Buffer.from(statusKeys.connector('inventory-source')), value: encodeStatusValue({ state: 'RUNNING', trace: null, workerId: '10.0.0.5:8083', generation: 7 }) },
      { type: 'connector', connector: 'inventory-source', status: { state: 'RUNNING', trace: null, workerId: '10.0.0.5:8083', generation: 7 } },
    ],
    [
      'status-task-failed',
      {
        key: Buffer.from(statusKeys.task({ connector: 'inventory-source', task: 2 })),
        value: encodeStatusValue({ state: 'FAILED', trace: 'org.apache.kafka.connect.errors.ConnectException: boom\n\tat Task.poll', workerId: '10.0.0.6:8083', generation: 8 }),
      },
      { type: 'task', id: { connector: 'inventory-source', task: 2 }, status: { state: 'FAILED', trace: 'org.apache.kafka.connect.errors.ConnectException: boom\n\tat Task.poll', workerId: '10.0.0.6:8083', generation: 8 } },
    ],
    [
      'status-task-destroyed',
      { key: Buffer.from(statusKeys.task({ connector: 'inventory-source', task: 2 })), value: encodeStatusValue({ state: 'DESTROYED', trace: null, workerId: '10.0.0.6:8083', generation: 9 }) },
      { type: 'task', id: { connector: 'inventory-source', task: 2 }, status: null },
    ],
    [
      'status-topic',
      {
        key: Buffer.from(statusKeys.topic('inventory.public.orders', 'inventory-source')),
        value: encodeTopicStatusValue({ topic: 'inventory.public.orders', connector: 'inventory-source', task: 0, discoverTimestamp: 1700000000000 }),
      },
      { type: 'topic', topic: 'inventory.public.orders', connector: 'inventory-source', status: { topic: 'inventory.public.orders', connector: 'inventory-source', task: 0, discoverTimestamp: 1700000000000 } },
    ],
    [
      'status-topic-tombstone',
      { key: Buffer.from(statusKeys.topic('inventory.public.orders', 'inventory-source')), value: encodeTopicStatusValue(null) },
      { type: 'topic', topic: 'inventory.public.orders', connector: 'inventory-source', status: null },
    ],
  ];
  for (const [name, record, decoded] of cases) {
    it(`${name} matches its golden file and decodes back`, () => {
      expectGolden(name, record);
      const golden = readGolden(name);
      expect(decodeStatusRecord(golden.key, golden.value)).toEqual(decoded);
    });
  }
});
