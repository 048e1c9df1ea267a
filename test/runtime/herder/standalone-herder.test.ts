// Integration: the standalone herder behind the REST API, against the real broker process. A
// FileStreamSource connector (created from a config file at start) writes a file's lines to a topic, a
// FileStreamSink connector created over REST appends them to another file; then Kafka Connect's REST
// contract suite runs against the same worker.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStandaloneHerder, readConnectorConfigFile, type HerderHandle, type StandaloneHerder } from '../../../runtime/herder/index.ts';
import { startRestServer, type RestServer } from '../../../runtime/rest/rest-server.ts';
import { startBrokerProcess, type BrokerProcess } from '../../support/broker-process.ts';
import { restContractSuite } from '../../support/rest-contract-suite.ts';
import { builtinPlugins, call, eventually, FILE_SINK, FILE_SOURCE, fileSourceContract, STRING_CONVERTERS } from './support/herder-fixtures.ts';

const logger = pino({ level: process.env.HERDER_TEST_LOG ?? 'silent' });
let broker: BrokerProcess;
let dir: string;
let handle: HerderHandle<StandaloneHerder>;
let server: RestServer;
const url = () => server.url;

beforeAll(async () => {
  broker = await startBrokerProcess({ config: { 'group.initial.rebalance.delay.ms': 0, 'group.min.session.timeout.ms': 1000 } });
  dir = mkdtempSync(join(tmpdir(), 'sluice-standalone-'));
  writeFileSync(join(dir, 'in.txt'), ['alpha', 'beta', 'gamma'].map((l) => `${l}\n`).join(''));
  const sourceFile = join(dir, 'source.json');
  writeFileSync(sourceFile, JSON.stringify({ name: 'file-source', 'connector.class': 'FileStreamSource', 'tasks.max': 1, file: join(dir, 'in.txt'), topic: 'lines' }));
  handle = createStandaloneHerder({
    props: {
      'bootstrap.servers': broker.bootstrap,
      'offset.storage.file.filename': join(dir, 'offsets.json'),
      'offset.flush.interval.ms': '200',
      ...STRING_CONVERTERS,
    },
    plugins: await builtinPlugins(),
    restUrl: () => server.url,
    connectorConfigs: [await readConnectorConfigFile(sourceFile)],
    logger,
  });
  server = await startRestServer({ herder: handle.herder, logger, host: '127.0.0.1', port: 0 });
  await handle.start();
});

afterAll(async () => {
  await server?.close();
  await handle?.stop();
  await broker?.stop();
  broker?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('standalone herder', () => {
  it('runs a file source -> topic -> file sink pipeline through the REST API', async () => {
    expect((await call(url(), 'GET', '/connectors')).body).toContain('file-source');
    const created = await call(url(), 'POST', '/connectors', {
      name: 'file-sink',
      config: { 'connector.class': FILE_SINK, 'tasks.max': '1', file: join(dir, 'out.txt'), topics: 'lines' },
    });
    expect(created.status, created.text).toBe(201);
    // Standalone answers once the connector runs: its tasks are known.
    expect(created.body.tasks).toEqual([{ connector: 'file-sink', task: 0 }]);

    const read = () => { try { return readFileSync(join(dir, 'out.txt'), 'utf8'); } catch { return ''; } };
    await eventually(() => expect(read()).toBe('alpha\nbeta\ngamma\n'));
    appendFileSync(join(dir, 'in.txt'), 'delta\n');
    await eventually(() => expect(read()).toBe('alpha\nbeta\ngamma\ndelta\n'));

    for (const name of ['file-source', 'file-sink']) {
      const status = await call(url(), 'GET', `/connectors/${name}/status`);
      expect(status.body.connector.state).toBe('RUNNING');
      expect(status.body.tasks.map((t: { state: string }) => t.state)).toEqual(['RUNNING']);
      expect(status.body.connector.worker_id).toBe(new URL(url()).host);
    }
    expect((await call(url(), 'GET', '/connectors/file-source')).body.type).toBe('source');
    expect((await call(url(), 'GET', '/connectors/file-sink/topics')).body).toEqual({ 'file-sink': { topics: ['lines'] } });
    await eventually(async () => expect((await call(url(), 'GET', '/connectors/file-source/topics')).body).toEqual({ 'file-source': { topics: ['lines'] } }));

    // Committed offsets: the source's byte position in its file, the sink's group offset.
    await eventually(async () => {
      const offsets = await call(url(), 'GET', '/connectors/file-source/offsets');
      expect(offsets.body.offsets).toEqual([{ partition: { filename: join(dir, 'in.txt') }, offset: { position: 23 } }]);
    });
    await eventually(async () => {
      const offsets = await call(url(), 'GET', '/connectors/file-sink/offsets');
      expect(offsets.body.offsets).toEqual([{ partition: { kafka_topic: 'lines', kafka_partition: 0 }, offset: { kafka_offset: 4 } }]);
    });
    // The offsets file holds the source's position (written just after the store's table changes).
    await eventually(() => expect(readFileSync(join(dir, 'offsets.json'), 'utf8')).toContain('"position":23'));
  });

  it('rewinds a stopped sink through its consumer group offsets', async () => {
    expect((await call(url(), 'PUT', '/connectors/file-sink/stop')).status).toBe(204);
    expect((await call(url(), 'GET', '/connectors/file-sink/status')).body).toMatchObject({ connector: { state: 'STOPPED' }, tasks: [] });
    const altered = await call(url(), 'PATCH', '/connectors/file-sink/offsets', {
      offsets: [{ partition: { kafka_topic: 'lines', kafka_partition: 0 }, offset: { kafka_offset: 2 } }],
    });
    expect(altered.status, altered.text).toBe(200);
    expect((await call(url(), 'GET', '/connectors/file-sink/offsets')).body.offsets).toEqual([
      { partition: { kafka_topic: 'lines', kafka_partition: 0 }, offset: { kafka_offset: 2 } },
    ]);
    expect((await call(url(), 'PUT', '/connectors/file-sink/resume')).status).toBe(202);
    // Lines 2 and 3 arrive a second time.
    await eventually(() => expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('alpha\nbeta\ngamma\ndelta\ngamma\ndelta\n'));
    expect((await call(url(), 'DELETE', '/connectors/file-sink')).status).toBe(204);
    expect((await call(url(), 'GET', '/connectors')).body).toEqual(['file-source']);
  });
});

restContractSuite(url, fileSourceContract(tmpdir()));
