// Integration: the Worker against the real broker process. A FileStreamSource task writes the lines of
// a file to a topic, a FileStreamSink task in the same Worker (group connect-file-sink) appends them to
// another file; every line arrives, in order, including lines appended while both run. Offsets live in
// the memory offset store. Skipped while the broker does not advertise the group APIs.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStreamSinkConnector, FileStreamSourceConnector } from '../../../connectors/file/index.ts';
import { builtinConverters } from '../../../runtime/converters/index.ts';
import { createAdmin } from '../../../runtime/kafka/index.ts';
import { MemoryOffsetBackingStore } from '../../../runtime/storage/index.ts';
import { kafkaTaskClients, Worker, type ConnectorClass } from '../../../runtime/worker/index.ts';
import { startBrokerProcess, type BrokerProcess } from '../../support/broker-process.ts';
import { eventually } from '../../support/eventually.ts';
import { StatusRecorder } from './support/harness.ts';

const GROUP_APIS = [8, 9, 10, 11, 12, 13, 14];
let broker: BrokerProcess;
let groupsServed = false;
let dir: string;

beforeAll(async () => {
  broker = await startBrokerProcess({ config: { 'group.initial.rebalance.delay.ms': 0 } });
  const admin = createAdmin({ bootstrapServers: broker.bootstrap });
  try {
    const apis = await admin.listApis();
    groupsServed = GROUP_APIS.every((key) => apis.some((api) => api.apiKey === key));
  } finally {
    await admin.close();
  }
  dir = mkdtempSync(join(tmpdir(), 'sluice-worker-'));
});

afterAll(async () => {
  await broker?.stop();
  broker?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Worker with the broker', () => {
  it('moves every line of a file through a topic into another file', async () => {
    // The broker serves consumer groups; a broker without them is a failure here, not a skip.
    expect(groupsServed).toBe(true);
    const input = join(dir, 'in.txt');
    const output = join(dir, 'out.txt');
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i} ${'x'.repeat(i % 37)}`);
    writeFileSync(input, lines.map((l) => `${l}\n`).join(''));

    const classes = new Map<string, ConnectorClass>([
      ['FileStreamSource', FileStreamSourceConnector],
      ['FileStreamSink', FileStreamSinkConnector],
    ]);
    const offsets = new MemoryOffsetBackingStore();
    const statuses = new StatusRecorder();
    const worker = new Worker({
      workerId: 'it-worker:8083',
      props: {
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'offset.flush.interval.ms': '200',
      },
      plugins: { connectorClass: (name) => classes.get(name)! },
      converters: builtinConverters(),
      clients: kafkaTaskClients({ client: { bootstrapServers: broker.bootstrap, clientId: 'it' } }),
      offsetStore: offsets,
      logger: pino({ level: process.env.WORKER_TEST_LOG ?? 'silent' }),
    });
    try {
      const source = { name: 'file-source', 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: input, topic: 'lines' };
      expect(await worker.startConnector('file-source', source, 'STARTED', statuses.listener('file-source'))).toBe(true);
      const [sourceTask] = await worker.connectorTaskConfigs('file-source', 1);
      expect(await worker.startTask({ connector: 'file-source', task: 0 }, source, sourceTask, 'STARTED', statuses.listener('file-source-0'))).toBe(true);
      // The source's offsets are committed only once the broker has the lines (and so the topic).
      await eventually(async () => expect((await offsets.connectorPartitions('file-source')).length).toBe(1), 20_000, 50);

      const sink = { name: 'file-sink', 'connector.class': 'FileStreamSink', 'tasks.max': '1', file: output, topics: 'lines' };
      expect(await worker.startConnector('file-sink', sink, 'STARTED', statuses.listener('file-sink'))).toBe(true);
      const [sinkTask] = await worker.connectorTaskConfigs('file-sink', 1);
      expect(await worker.startTask({ connector: 'file-sink', task: 0 }, sink, sinkTask, 'STARTED', statuses.listener('file-sink-0'))).toBe(true);

      const read = () => { try { return readFileSync(output, 'utf8'); } catch { return ''; } };
      await eventually(() => expect(read().split('\n').length - 1).toBe(lines.length), 30_000, 100);

      const more = ['appended while running', 'and one more'];
      appendFileSync(input, more.map((l) => `${l}\n`).join(''));
      await eventually(() => expect(read()).toBe([...lines, ...more].map((l) => `${l}\n`).join('')), 30_000, 100);

      for (const name of ['file-source', 'file-source-0', 'file-sink', 'file-sink-0']) expect(statuses.last(name)?.state, name).toBe('RUNNING');
    } finally {
      await worker.stopAll();
    }
    for (const name of ['file-source-0', 'file-sink-0']) expect(statuses.last(name)?.state, name).toBe('UNASSIGNED');
  });
});
