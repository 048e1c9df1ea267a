// `sluice worker start --standalone CONNECTOR.json...` as a real process: connector configs
// from files, source offsets in a local file, a restart resumes where it left off.
import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrokerProcess, type BrokerProcess } from '../support/broker-process.ts';
import { freePort, startStandaloneWorkerProcess, type WorkerProcess } from '../support/worker-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'sluice-standalone-pipeline-'));
let broker: BrokerProcess | undefined;
let worker: WorkerProcess | undefined;

afterAll(async () => {
  await worker?.stop();
  await broker?.stop();
  broker?.cleanup();
});

async function outputHas(file: string, expected: string[]): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const got = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    if (expected.every((l) => got.includes(l)) || Date.now() > deadline) return got;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('standalone worker process', () => {
  it('runs connector files and resumes from its offsets file after a restart', async () => {
    broker = await startBrokerProcess({ config: { 'group.initial.rebalance.delay.ms': 0 } });
    const input = join(dir, 'in.txt');
    const output = join(dir, 'out.txt');
    writeFileSync(input, 'one\ntwo\n');
    const source = join(dir, 'source.json');
    const sink = join(dir, 'sink.json');
    writeFileSync(source, JSON.stringify({ name: 'file-in', config: { 'connector.class': 'FileStreamSource', file: input, topic: 'standalone-lines' } }));
    // Connect's flat form (name inside the config) is accepted too.
    writeFileSync(sink, JSON.stringify({ name: 'file-out', 'connector.class': 'FileStreamSink', file: output, topics: 'standalone-lines' }));
    const config = { 'offset.flush.interval.ms': 300, 'offset.storage.file.filename': join(dir, 'offsets.json') };
    const restPort = await freePort();
    worker = await startStandaloneWorkerProcess({ bootstrap: broker.bootstrap, restPort, connectorFiles: [source, sink], config });
    expect(await outputHas(output, ['one', 'two'])).toEqual(['one', 'two']);
    const status = await (await fetch(`${worker.url}/connectors/file-in/status`)).json();
    expect(status).toMatchObject({ name: 'file-in', type: 'source', connector: { state: 'RUNNING' } });

    await worker.stop();
    appendFileSync(input, 'three\n');
    worker = await startStandaloneWorkerProcess({ bootstrap: broker.bootstrap, restPort, connectorFiles: [source, sink], config });
    const got = await outputHas(output, ['one', 'two', 'three']);
    // The source resumed from its offsets file: 'one' and 'two' were not produced again.
    expect(got).toEqual(['one', 'two', 'three']);
  });
});
