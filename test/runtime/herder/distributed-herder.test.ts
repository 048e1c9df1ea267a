// Integration: three distributed herders in this process (each with its own REST server), one group,
// one broker process. Kafka Connect's REST contract suite runs against a follower (so every write is
// forwarded to the leader); then: leader election, internal topics, a connector created on a follower
// with its tasks spread over the workers, a task restart forwarded to the worker running it, a stopped
// worker's tasks moving after scheduled.rebalance.max.delay.ms (2 s here), a joining worker getting its
// share, and a new leader taking over when the leader leaves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDistributedHerder, type DistributedHerder, type HerderHandle } from '../../../runtime/herder/index.ts';
import { cleanupPolicy, createAdmin } from '../../../runtime/kafka/index.ts';
import type { PluginRegistry } from '../../../runtime/plugins/index.ts';
import { startRestServer, type RestServer } from '../../../runtime/rest/rest-server.ts';
import { startBrokerProcess, type BrokerProcess } from '../../support/broker-process.ts';
import { restContractSuite } from '../../support/rest-contract-suite.ts';
import { builtinPlugins, call, eventually, fileSourceContract } from './support/herder-fixtures.ts';

const DELAY_MS = 2_000;
const logger = pino({ level: process.env.HERDER_TEST_LOG ?? 'silent' });

interface RunningWorker {
  readonly name: string;
  readonly handle: HerderHandle<DistributedHerder>;
  readonly server: RestServer;
  stopped: boolean;
}

let broker: BrokerProcess;
let plugins: PluginRegistry;
let dir: string;
const workers: RunningWorker[] = [];

function props(): Record<string, string> {
  return {
    'bootstrap.servers': broker.bootstrap,
    'group.id': 'sluice-it-group',
    'config.storage.topic': 'sluice-it-configs',
    'offset.storage.topic': 'sluice-it-offsets',
    'status.storage.topic': 'sluice-it-status',
    'offset.storage.partitions': '5',
    'status.storage.partitions': '3',
    'session.timeout.ms': '6000',
    'heartbeat.interval.ms': '250',
    'rebalance.timeout.ms': '15000',
    'scheduled.rebalance.max.delay.ms': String(DELAY_MS),
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'offset.flush.interval.ms': '500',
    'task.shutdown.graceful.timeout.ms': '3000',
  };
}

async function startWorker(name: string): Promise<RunningWorker> {
  let server: RestServer | undefined;
  const handle = createDistributedHerder({ props: props(), plugins, restUrl: () => server!.url, logger: logger.child({ worker: name }) });
  server = await startRestServer({ herder: handle.herder, logger: logger.child({ worker: name }), host: '127.0.0.1', port: 0 });
  await handle.start();
  const worker = { name, handle, server, stopped: false };
  workers.push(worker);
  return worker;
}

async function stopWorker(worker: RunningWorker): Promise<void> {
  if (worker.stopped) return;
  worker.stopped = true;
  await worker.handle.stop();
  await worker.server.close();
}

const live = () => workers.filter((w) => !w.stopped);
const leader = () => live().find((w) => w.handle.herder.isLeader);
const follower = () => live().find((w) => !w.handle.herder.isLeader)!;

beforeAll(async () => {
  broker = await startBrokerProcess({ config: { 'group.initial.rebalance.delay.ms': 0, 'group.min.session.timeout.ms': 1000 } });
  plugins = await builtinPlugins();
  dir = mkdtempSync(join(tmpdir(), 'sluice-distributed-'));
  await Promise.all(['w1', 'w2', 'w3'].map((name) => startWorker(name)));
  await eventually(() => {
    expect(live().filter((w) => w.handle.herder.isLeader)).toHaveLength(1);
    for (const w of live()) expect(w.handle.herder.leaderUrl).toBe(leader()!.server.url);
  });
});

afterAll(async () => {
  for (const w of workers) await stopWorker(w).catch(() => {});
  await broker?.stop();
  broker?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Against a follower, so that every write goes through forwarding to the leader.
restContractSuite(() => follower().server.url, fileSourceContract(tmpdir()));

describe('distributed herder', () => {
  it('elects one leader, whose URL every worker knows, and creates the internal topics compacted', async () => {
    const theLeader = leader()!;
    for (const w of live()) expect(w.handle.herder.leaderUrl).toBe(theLeader.server.url);
    const admin = createAdmin({ bootstrapServers: broker.bootstrap });
    try {
      const metadata = await admin.metadata({ topics: ['sluice-it-configs', 'sluice-it-offsets', 'sluice-it-status'] });
      expect(metadata.topics.get('sluice-it-configs')?.partitionsCount).toBe(1);
      expect(metadata.topics.get('sluice-it-offsets')?.partitionsCount).toBe(5);
      expect(metadata.topics.get('sluice-it-status')?.partitionsCount).toBe(3);
      for (const topic of ['sluice-it-configs', 'sluice-it-offsets', 'sluice-it-status']) expect(await cleanupPolicy(admin, topic)).toEqual(['compact']);
    } finally {
      await admin.close();
    }
  });

  it('takes a connector created on a follower and spreads its tasks over the workers', async () => {
    const entry = follower();
    const created = await call(entry.server.url, 'POST', '/connectors', {
      name: 'spread',
      config: { 'connector.class': 'datagen', topic: 'spread-topic', 'tasks.max': '6', 'records.per.second': '6', quickstart: 'orders' },
    });
    expect(created.status, created.text).toBe(201);

    const status = await eventually(async () => {
      const answer = await call(entry.server.url, 'GET', '/connectors/spread/status');
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body.connector.state).toBe('RUNNING');
      expect(answer.body.tasks).toHaveLength(6);
      for (const t of answer.body.tasks) expect(t.state).toBe('RUNNING');
      return answer.body;
    });
    const perWorker = countBy(status.tasks.map((t: { worker_id: string }) => t.worker_id));
    expect(Object.keys(perWorker).sort()).toEqual(live().map((w) => new URL(w.server.url).host).sort());
    // The assignor balances each worker's whole load (connectors and tasks of every connector, some
    // left by the contract suite), so this connector's six tasks need not split 2/2/2: every worker
    // gets some, and each runs exactly what the status says it runs.
    for (const count of Object.values(perWorker)) expect(count).toBeGreaterThanOrEqual(1);
    for (const w of live()) {
      const mine = w.handle.herder.assignment.tasks.filter((t) => t.connector === 'spread');
      expect(mine).toHaveLength(perWorker[new URL(w.server.url).host]);
    }
    // Every worker answers the same status.
    for (const w of live()) expect((await call(w.server.url, 'GET', '/connectors/spread/status')).body.tasks).toHaveLength(6);
    // A task restart asked of a follower that does not run the task goes to the leader, which sends it
    // on to the worker that does.
    const entryId = new URL(entry.server.url).host;
    const leaderId = new URL(leader()!.server.url).host;
    const elsewhere = status.tasks.find((t: { worker_id: string }) => t.worker_id !== entryId && t.worker_id !== leaderId);
    const restarted = await call(entry.server.url, 'POST', `/connectors/spread/tasks/${elsewhere.id}/restart`);
    expect(restarted.status, restarted.text).toBe(204);
    await eventually(async () => {
      const task = (await call(entry.server.url, 'GET', `/connectors/spread/tasks/${elsewhere.id}/status`)).body;
      expect(task).toEqual({ id: elsewhere.id, state: 'RUNNING', worker_id: elsewhere.worker_id });
    });
    // Source offsets reach the offsets topic, readable from any worker.
    await eventually(async () => expect((await call(leader()!.server.url, 'GET', '/connectors/spread/offsets')).body.offsets.length).toBe(6));
  });

  it("moves a stopped worker's tasks to the others only after the rebalance delay", async () => {
    const gone = follower();
    const goneId = new URL(gone.server.url).host;
    const entry = leader()!;
    const before = (await call(entry.server.url, 'GET', '/connectors/spread/status')).body;
    const goneTasks = before.tasks.filter((t: { worker_id: string }) => t.worker_id === goneId).length;
    const stayingBefore = new Map(live().filter((w) => w !== gone).map((w) => [w, w.handle.herder.assignment.tasks.filter((t) => t.connector === 'spread').length]));
    const stoppedAt = Date.now();
    await stopWorker(gone);

    // Within the delay its tasks are held: nobody runs them.
    await new Promise((resolve) => setTimeout(resolve, DELAY_MS / 2));
    const held = (await call(entry.server.url, 'GET', '/connectors/spread/status')).body;
    const running = held.tasks.filter((t: { state: string; worker_id: string }) => t.state === 'RUNNING' && t.worker_id !== goneId);
    expect(running.length).toBe(6 - goneTasks);
    for (const [w, count] of stayingBefore) expect(w.handle.herder.assignment.tasks.filter((t) => t.connector === 'spread')).toHaveLength(count);

    const moved = await eventually(async () => {
      const answer = (await call(entry.server.url, 'GET', '/connectors/spread/status')).body;
      expect(answer.tasks).toHaveLength(6);
      for (const t of answer.tasks) {
        expect(t.state).toBe('RUNNING');
        expect(t.worker_id).not.toBe(goneId);
      }
      return answer;
    }, 30_000);
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(DELAY_MS);
    expect(Object.values(countBy(moved.tasks.map((t: { worker_id: string }) => t.worker_id))).reduce((a, b) => a + b, 0)).toBe(6);
    if (moved.connector.worker_id === goneId) throw new Error('the connector did not move');
  });

  it('rebalances onto a worker that joins', async () => {
    const joined = await startWorker('w4');
    const joinedId = new URL(joined.server.url).host;
    await eventually(async () => {
      const answer = (await call(joined.server.url, 'GET', '/connectors/spread/status')).body;
      const counts = countBy(answer.tasks.filter((t: { state: string }) => t.state === 'RUNNING').map((t: { worker_id: string }) => t.worker_id));
      // The newcomer takes a share of the work (how much of this connector depends on the rest of the load).
      expect(counts[joinedId]).toBeGreaterThanOrEqual(1);
      expect(Object.values(counts).reduce((a: number, b: number) => a + b, 0)).toBe(6);
    }, 30_000);
    expect((await call(joined.server.url, 'DELETE', '/connectors/spread')).status).toBe(204);
    await eventually(async () => {
      for (const w of live()) {
        expect(w.handle.herder.assignment.connectors).not.toContain('spread');
        expect(w.handle.herder.assignment.tasks.filter((t) => t.connector === 'spread')).toEqual([]);
      }
    });
  });
});

describe('distributed herder, leader failover', () => {
  it('elects a new leader when the leader leaves, and writes go there', async () => {
    const old = leader()!;
    await stopWorker(old);
    await eventually(() => {
      expect(live().filter((w) => w.handle.herder.isLeader)).toHaveLength(1);
      for (const w of live()) expect(w.handle.herder.leaderUrl).toBe(leader()!.server.url);
    });
    expect(leader()!.server.url).not.toBe(old.server.url);
    const entry = follower();
    const created = await call(entry.server.url, 'POST', '/connectors', {
      name: 'after-failover',
      config: { 'connector.class': 'datagen', topic: 'after-failover', 'tasks.max': '2', 'records.per.second': '2' },
    });
    expect(created.status, created.text).toBe(201);
    await eventually(async () => {
      const answer = (await call(entry.server.url, 'GET', '/connectors/after-failover/status')).body;
      expect(answer.connector.state).toBe('RUNNING');
      expect(answer.tasks.map((t: { state: string }) => t.state)).toEqual(['RUNNING', 'RUNNING']);
    });
    expect((await call(entry.server.url, 'DELETE', '/connectors/after-failover')).status).toBe(204);
  });
});

function countBy(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
