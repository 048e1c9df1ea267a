/**
 * Peer: Redis Streams (Debian's redis-server), one stream key.
 *
 * Server side (orchestrator): `startRedisServer` runs a private redis-server on a free loopback
 * port in a temp dir. By default it persists like the others do: append-only file with
 * `appendfsync everysec` (Sluice flushes every 1 s by default), RDB snapshots off. `--redis-aof no`
 * runs it purely in memory instead.
 * Client side (worker process, node-redis 5, raw commands to skip reply reshaping):
 *   produce  - XADD key * v <value>, sent in pipelines of `batch` commands, `window` pipelines in
 *              flight (node-redis writes commands issued in the same tick as one pipeline).
 *   consume  - XRANGE key (<last id> + COUNT `batch`, one call at a time, values as Buffers.
 *   latency  - one XADD at a time, each awaited.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { createClient, RESP_TYPES } from 'redis';
import { captureOutput, freePort, spawnTracked, stopChild, waitForPort } from '../support/children.ts';
import {
  payloadPool,
  summarize,
  withWindow,
  type ConsumeResult,
  type LatencyResult,
  type LoadSpec,
  type ProduceResult,
} from '../support/workload.ts';

export interface RedisServer {
  url: string;
  pid: number;
  child: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

export async function startRedisServer(appendfsync: 'everysec' | 'no-aof' = 'everysec', binary = 'redis-server'): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-redis-'));
  const port = await freePort();
  const persistence =
    appendfsync === 'no-aof' ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', appendfsync];
  const child = spawnTracked(binary, [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--save', '',
    ...persistence,
    '--daemonize', 'no',
    '--protected-mode', 'yes',
    '--logfile', '',
  ]);
  const output = captureOutput(child);
  try {
    await waitForPort('127.0.0.1', port, 15_000, child);
  } catch (error) {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`redis-server did not start: ${(error as Error).message}\n${output.join('\n')}`);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid!,
    child,
    output,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function withClient<T>(url: string, work: (client: ReturnType<typeof createClient>) => Promise<T>): Promise<T> {
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    client.destroy();
  }
}

export async function produce(spec: LoadSpec): Promise<ProduceResult> {
  const batch = spec.tuning?.batch ?? 1_000;
  const window = spec.tuning?.window ?? 2;
  return withClient(spec.target, async (client) => {
    await client.del(spec.name);
    const pool = payloadPool(spec.size);
    const batches = Math.ceil(spec.records / batch);
    const batchMs: number[] = [];
    const started = performance.now();
    await withWindow(batches, window, async (b) => {
      const first = b * batch;
      const last = Math.min(spec.records, first + batch);
      const replies: Promise<unknown>[] = [];
      const t0 = performance.now();
      for (let i = first; i < last; i++) {
        replies.push(client.sendCommand(['XADD', spec.name, '*', 'v', pool[i % pool.length]!]));
      }
      await Promise.all(replies);
      batchMs.push(performance.now() - t0);
    });
    const seconds = (performance.now() - started) / 1000;
    const length = await client.xLen(spec.name);
    return {
      records: length,
      bytes: spec.records * spec.size,
      seconds,
      loadedAck: { ...summarize(batchMs), unit: `one pipeline of ${batch} XADDs, ${window} pipelines in flight` },
    };
  });
}

export async function consume(spec: LoadSpec): Promise<ConsumeResult> {
  const batch = spec.tuning?.batch ?? 10_000;
  return withClient(spec.target, async (plain) => {
    const client = plain.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
    let records = 0;
    let bytes = 0;
    let wrongSize = 0;
    let start = '-';
    const started = performance.now();
    for (;;) {
      const entries = (await client.sendCommand(['XRANGE', spec.name, start, '+', 'COUNT', String(batch)])) as [
        Buffer,
        Buffer[],
      ][];
      if (entries.length === 0) break;
      for (const [, fields] of entries) {
        const value = fields[1]!;
        bytes += value.length;
        if (value.length !== spec.size) wrongSize++;
      }
      records += entries.length;
      start = `(${entries[entries.length - 1]![0].toString('latin1')}`;
      if (records >= spec.records) break;
    }
    const seconds = (performance.now() - started) / 1000;
    return { records, bytes, seconds, wrongSize };
  });
}

export async function latency(spec: LoadSpec): Promise<LatencyResult> {
  const samples = spec.samples ?? 2000;
  const warmup = spec.warmup ?? 200;
  return withClient(spec.target, async (client) => {
    const pool = payloadPool(spec.size, 64);
    const times: number[] = [];
    for (let i = 0; i < warmup + samples; i++) {
      const t0 = performance.now();
      await client.sendCommand(['XADD', spec.name, '*', 'v', pool[i % pool.length]!]);
      if (i >= warmup) times.push(performance.now() - t0);
    }
    return summarize(times);
  });
}
