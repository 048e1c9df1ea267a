// Three real worker processes in one Connect group over the real broker process:
// a file source -> topic -> file sink pipeline delivers every line, survives losing a
// worker (SIGKILL: duplicates allowed, loss not) and a restart of the whole cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrokerProcess, type BrokerProcess } from '../support/broker-process.ts';
import { freePort, startWorkerProcess, type WorkerProcess } from '../support/worker-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'sluice-pipeline-'));
const input = join(dir, 'input.txt');
const output = join(dir, 'output.txt');
const GROUP = 'pipeline-cluster';
const WORKER_CONFIG = {
  'scheduled.rebalance.max.delay.ms': 3000,
  'offset.flush.interval.ms': 500,
  'config.storage.topic': 'pipeline-configs',
  'offset.storage.topic': 'pipeline-offsets',
  'status.storage.topic': 'pipeline-status',
  'session.timeout.ms': 6000,
  'heartbeat.interval.ms': 1000,
};

let broker: BrokerProcess;
let workers: WorkerProcess[] = [];
let ports: number[] = [];

beforeAll(async () => {
  broker = await startBrokerProcess({ config: { 'group.initial.rebalance.delay.ms': 0, 'group.min.session.timeout.ms': 1000 } });
  ports = [await freePort(), await freePort(), await freePort()];
  workers = await Promise.all(ports.map((restPort) => startWorkerProcess({ bootstrap: broker.bootstrap, groupId: GROUP, restPort, config: WORKER_CONFIG })));
}, 120_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await broker?.stop();
  broker?.cleanup();
});

async function rest(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function lines(from: number, to: number): string[] {
  return Array.from({ length: to - from }, (_, i) => `line-${from + i}`);
}

function delivered(): string[] {
  return existsSync(output) ? readFileSync(output, 'utf8').split('\n').filter(Boolean) : [];
}

async function allDelivered(expected: string[]): Promise<void> {
  await eventually(`${expected.length} lines in the sink file`, () => {
    const got = new Set(delivered());
    return expected.every((l) => got.has(l)) ? true : undefined;
  }, 90_000);
}

function live(): WorkerProcess[] {
  return workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
}

describe('three distributed workers', () => {
  it('run a file source -> topic -> file sink pipeline created through one worker', async () => {
    writeFileSync(input, lines(0, 200).join('\n') + '\n');
    const source = await rest(workers[1].url, 'POST', '/connectors', {
      name: 'lines-in',
      config: { 'connector.class': 'FileStreamSource', file: input, topic: 'pipeline-lines', 'tasks.max': '1' },
    });
    expect(source.status).toBe(201);
    const sink = await rest(workers[2].url, 'POST', '/connectors', {
      name: 'lines-out',
      config: { 'connector.class': 'FileStreamSink', file: output, topics: 'pipeline-lines', 'tasks.max': '1' },
    });
    expect(sink.status).toBe(201);
    expect((await rest(workers[0].url, 'GET', '/connectors')).body.sort()).toEqual(['lines-in', 'lines-out']);
    await allDelivered(lines(0, 200));
    const status = await eventually('both connectors running', async () => {
      const s = await rest(workers[0].url, 'GET', '/connectors?expand=status');
      const states = Object.values(s.body as Record<string, { status: { connector: { state: string }; tasks: { state: string }[] } }>);
      return states.length === 2 && states.every((c) => c.status.connector.state === 'RUNNING' && c.status.tasks.every((t) => t.state === 'RUNNING')) ? s.body : undefined;
    });
    expect(Object.keys(status).sort()).toEqual(['lines-in', 'lines-out']);
  });

  it('moves the tasks of a SIGKILLed worker to the others and loses no line', async () => {
    const status = (await rest(workers[0].url, 'GET', '/connectors/lines-in/status')).body;
    const victimId: string = status.tasks[0].worker_id;
    const victim = workers.find((w) => victimId.endsWith(`:${w.port}`));
    expect(victim, `worker ${victimId} among ${workers.map((w) => w.port)}`).toBeDefined();
    await victim!.kill();
    appendFileSync(input, lines(200, 400).join('\n') + '\n');
    const survivor = live()[0];
    await eventually('source task running on a surviving worker', async () => {
      const s = (await rest(survivor.url, 'GET', '/connectors/lines-in/status')).body;
      return s.tasks[0]?.state === 'RUNNING' && s.tasks[0].worker_id !== victimId ? s : undefined;
    }, 60_000);
    await allDelivered(lines(0, 400));
  });

  it('resumes from stored offsets after the whole cluster restarts', async () => {
    await Promise.all(live().map((w) => w.stop()));
    const before = delivered().length;
    appendFileSync(input, lines(400, 500).join('\n') + '\n');
    ports = [await freePort(), await freePort(), await freePort()];
    workers = await Promise.all(ports.map((restPort) => startWorkerProcess({ bootstrap: broker.bootstrap, groupId: GROUP, restPort, config: WORKER_CONFIG })));
    await allDelivered(lines(0, 500));
    // Stored offsets, not a replay: the first lines are not delivered all over again.
    const firstLineCopies = delivered().filter((l) => l === 'line-0').length;
    expect(firstLineCopies).toBeLessThanOrEqual(2);
    expect(delivered().length).toBeLessThan(before + 100 + 200);
  });
});
