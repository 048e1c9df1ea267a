/**
 * Broker throughput benchmark: Sluice against NATS JetStream and Redis Streams, side by side in
 * one run. `npm run bench -- --help` for the options; docs/benchmarks.md for the method.
 *
 * For every record size, each load generator ("client") gets a fresh server process of its
 * system: produce N records, check they were all stored, consume them all from the beginning,
 * check count and sizes, then (once per system and size) measure one-in-flight produce latency.
 * The server's RSS and CPU are read from /proc while it works. Everything started here is
 * stopped at the end, also on errors, timeouts and Ctrl-C.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runBenchMain, stopAllChildren } from './support/children.ts';
import { parseOptions, recordsFor, USAGE, type BenchOptions } from './support/options.ts';
import { readMemory, UsageSampler, type PhaseUsage } from './support/process-stats.ts';
import {
  aggregate,
  CLIENTS,
  evaluateTargets,
  machineDescription,
  renderMarkdown,
  renderText,
  type ClientKey,
  type Row,
  type RunReport,
} from './support/report.ts';
import { runWorker, withTimeout } from './support/run-worker.ts';
import { writePayloadFile, type ConsumeResult, type LatencyResult, type LoadSpec, type ProduceResult } from './support/workload.ts';
import { startNatsServer } from './peers/nats-jetstream.ts';
import { startRedisServer } from './peers/redis-streams.ts';
import { brokerProblems, startSluiceBroker } from './sluice/broker-process.ts';
import { kcatConsume, kcatProduce } from './sluice/kcat-load.ts';
import { createTopic, storedRecords } from './sluice/topics.ts';

interface Server {
  target: string;
  pid: number;
  output: string[];
  stop(): Promise<void>;
}

interface Context {
  options: BenchOptions;
  tmp: string;
}

async function startServer(key: ClientKey, ctx: Context): Promise<Server> {
  if (key === 'sluice-kcat' || key === 'sluice-node') {
    const broker = await startSluiceBroker(ctx.options.brokerConfig);
    return { target: broker.bootstrap, pid: broker.pid, output: broker.output, stop: () => broker.stop() };
  }
  if (key === 'nats') {
    const nats = await startNatsServer();
    return { target: nats.url, pid: nats.pid, output: nats.output, stop: () => nats.stop() };
  }
  const redis = await startRedisServer(ctx.options.redisPersistence);
  return { target: redis.url, pid: redis.pid, output: redis.output, stop: () => redis.stop() };
}

function serverWarnings(key: ClientKey, output: string[]): string[] {
  if (CLIENTS[key].system === 'Sluice') return brokerProblems(output);
  if (key === 'nats') return output.filter((line) => /\[(ERR|WRN|FTL)\]/.test(line));
  // Redis logs its start-up banner at warning level ('#'); anything else at that level counts.
  return output.filter((line) => / # /.test(line) && !/Redis is starting|Redis version=|Configuration loaded|Server initialized|overcommit/i.test(line));
}

function nameFor(key: ClientKey, size: number, partitions: number): string {
  return `bench_${key.replace('-', '_')}_${size}_p${partitions}`;
}

async function payloadFile(ctx: Context, size: number, records: number): Promise<string> {
  const path = join(ctx.tmp, `payload-${size}-${records}.txt`);
  if (!existsSync(path)) await writePayloadFile(path, size, records);
  return path;
}

async function produce(key: ClientKey, server: Server, spec: LoadSpec, ctx: Context): Promise<ProduceResult> {
  const timeout = ctx.options.phaseTimeoutMs;
  switch (key) {
    case 'sluice-kcat': {
      const file = await payloadFile(ctx, spec.size, spec.records);
      const result = await kcatProduce({ bootstrap: server.target, topic: spec.name, file, records: spec.records, size: spec.size, timeoutMs: timeout });
      if (result.exitCode !== 0) throw new Error(`kcat -P exited with ${result.exitCode}\n${result.stderr.slice(-20).join('\n')}`);
      const stored = await withTimeout(storedRecords(server.target, spec.name), 30_000, 'reading end offsets');
      return { ...result, records: stored, notes: [...(result.notes ?? []), ...result.stderr.slice(-5)] };
    }
    case 'sluice-node': {
      const result = await runWorker<ProduceResult>('sluice-node', 'produce', spec, timeout);
      const stored = await withTimeout(storedRecords(server.target, spec.name), 30_000, 'reading end offsets');
      return { ...result, records: stored };
    }
    default:
      return runWorker<ProduceResult>(key, 'produce', spec, timeout);
  }
}

async function consume(key: ClientKey, spec: LoadSpec, server: Server, ctx: Context): Promise<ConsumeResult> {
  if (key === 'sluice-kcat') {
    const result = await kcatConsume({
      bootstrap: server.target,
      topic: spec.name,
      records: spec.records,
      size: spec.size,
      outputFile: join(ctx.tmp, `${spec.name}.consumed`),
      timeoutMs: ctx.options.phaseTimeoutMs,
    });
    rmSync(join(ctx.tmp, `${spec.name}.consumed`), { force: true });
    if (result.exitCode !== 0) throw new Error(`kcat -C exited with ${result.exitCode}\n${result.stderr.slice(-20).join('\n')}`);
    return result;
  }
  return runWorker<ConsumeResult>(key, 'consume', spec, ctx.options.phaseTimeoutMs);
}

async function latency(key: ClientKey, server: Server, size: number, ctx: Context): Promise<LatencyResult> {
  const name = `bench_latency_${size}`;
  const spec: LoadSpec = { target: server.target, name, records: 0, size, samples: ctx.options.latencySamples, warmup: 200 };
  if (CLIENTS[key].system === 'Sluice') {
    await withTimeout(createTopic(server.target, name, 1), 30_000, 'creating the latency topic');
    return runWorker<LatencyResult>('sluice-node', 'latency', spec, ctx.options.phaseTimeoutMs);
  }
  return runWorker<LatencyResult>(key, 'latency', spec, ctx.options.phaseTimeoutMs);
}

async function measured<T>(pid: number, work: () => Promise<T>): Promise<T & { server: PhaseUsage }> {
  const sampler = new UsageSampler(pid);
  try {
    const result = await work();
    return { ...result, server: sampler.stop() };
  } catch (error) {
    sampler.stop();
    throw error;
  }
}

async function runRow(key: ClientKey, size: number, records: number, partitions: number, withLatency: boolean, ctx: Context, round: number): Promise<Row> {
  const row: Row = { key, rounds: round, size, records, partitions, failures: [], errors: [], serverWarnings: [] };
  const label = `round ${round}: ${CLIENTS[key].system} / ${CLIENTS[key].client}, ${size} B × ${records}, ${partitions} partition(s)`;
  console.error(`[bench] ${label}: starting server`);
  let server: Server;
  try {
    server = await startServer(key, ctx);
  } catch (error) {
    row.errors.push(`server did not start: ${(error as Error).message}`);
    return row;
  }
  const spec: LoadSpec = { target: server.target, name: nameFor(key, size, partitions), records, size, partitions };
  // A fresh server per row, so names only need to be unique within it.
  try {
    if (CLIENTS[key].system === 'Sluice') {
      await withTimeout(createTopic(server.target, spec.name, partitions), 30_000, 'creating the topic');
    }
    console.error(`[bench] ${label}: produce`);
    row.produce = await measured(server.pid, () => produce(key, server, spec, ctx));
    if (row.produce.records !== records) row.failures.push(`produce: ${row.produce.records} records stored, expected ${records}`);
    console.error(`[bench] ${label}: consume`);
    row.consume = await measured(server.pid, () => consume(key, spec, server, ctx));
    if (row.consume.records !== records) row.failures.push(`consume: ${row.consume.records} records read, expected ${records}`);
    if (row.consume.wrongSize > 0) row.failures.push(`consume: ${row.consume.wrongSize} records were not ${size} bytes`);
    else if (row.consume.bytes !== row.consume.records * size) row.failures.push(`consume: ${row.consume.bytes} bytes read, expected ${row.consume.records * size}`);
    row.serverPeakRss = readMemory(server.pid)?.peakRss;
    if (withLatency) {
      console.error(`[bench] ${label}: one-in-flight latency`);
      row.latency = await latency(key, server, size, ctx);
    }
  } catch (error) {
    row.errors.push((error as Error).message);
  } finally {
    row.serverPeakRss = readMemory(server.pid)?.peakRss ?? row.serverPeakRss;
    row.serverWarnings = serverWarnings(key, server.output);
    await server.stop();
  }
  return row;
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n(npm run bench -- --help for the options)`);
    return 2;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  const options = parsed;
  const ctx: Context = { options, tmp: mkdtempSync(join(tmpdir(), 'sluice-bench-')) };
  const startedAt = new Date().toISOString();
  const order: ClientKey[] = ['sluice-kcat', 'sluice-node', 'nats', 'redis'];
  const measuredRows: Row[] = [];
  const loadBefore = loadavg()[0]!;
  try {
    for (let round = 1; round <= options.rounds; round++) {
      for (const size of options.sizes) {
        const records = recordsFor(options, size);
        const latencyDone = new Set<string>();
        for (const key of order.filter((k) => options.clients.includes(k))) {
          const partitionCounts = CLIENTS[key].system === 'Sluice' ? options.partitions : [1];
          for (const partitions of partitionCounts) {
            const system = CLIENTS[key].system;
            const withLatency = partitions === 1 && !latencyDone.has(system);
            if (withLatency) latencyDone.add(system);
            const row = await runRow(key, size, records, partitions, withLatency, ctx, round);
            measuredRows.push(row);
          }
        }
      }
    }
  } finally {
    await stopAllChildren();
    rmSync(ctx.tmp, { recursive: true, force: true });
  }

  const rows = aggregate(measuredRows);
  const report: RunReport = {
    startedAt,
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    machine: machineDescription(),
    loadAverage: { before: loadBefore, after: loadavg()[0]! },
    options: { ...options },
    rows,
    measured: measuredRows,
    targets: evaluateTargets(rows, measuredRows),
  };
  console.log(renderText(report));
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const stamp = startedAt.replace(/[:.]/g, '-');
  writeFileSync(join(outDir, `broker-throughput-${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outDir, 'broker-throughput-latest.md'), `${renderMarkdown(report)}\n`);
  console.log(`\nResults: ${join(outDir, `broker-throughput-${stamp}.json`)} and broker-throughput-latest.md`);

  const broken = measuredRows.filter((row) => row.failures.length > 0 || row.errors.length > 0);
  return broken.length > 0 ? 1 : 0;
}

runBenchMain(main);
