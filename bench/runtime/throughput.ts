/**
 * The throughput phases of the runtime benchmark, on one broker: the raw producer, the e2e work
 * without the runtime in 2 and 3 threads (no-runtime), datagen alone (source), and datagen -> topic
 * -> discard sink in one standalone worker (e2e).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../support/children.ts';
import { wallMs } from '../support/member-process.ts';
import { readMemory, UsageSampler } from '../support/process-stats.ts';
import { runScript, withTimeout } from '../support/run-worker.ts';
import { createTopic, endOffsets } from '../sluice/topics.ts';
import type { RuntimeBenchOptions } from './options.ts';
import type { PipelineResult, PipelineSpec } from './no-runtime-pipeline.ts';
import type { RawResult, RawSpec } from './raw-producer.ts';
import { startWorker, type ConnectorStatus, type WorkerProcess } from './worker-process.ts';
import { checkSinkCoverage, EndOffsets, readAllProgress, sinkRecords, storedBatchStats, Watch, type BatchStats } from './watchers.ts';
import { datagenConfig, discardConfig } from './workload.ts';

const RAW_PRODUCER = resolve(import.meta.dirname, 'raw-producer.ts');
const NO_RUNTIME_PIPELINE = resolve(import.meta.dirname, 'no-runtime-pipeline.ts');
/** Plugin folder given to the workers: holds bench/plugins/discard-sink. */
export const PLUGIN_PATH = resolve(import.meta.dirname, '../plugins');

export type ThroughputPhase = 'raw' | 'raw-best' | 'no-runtime-2' | 'no-runtime-3' | 'source' | 'e2e';

export interface PhaseResult {
  phase: ThroughputPhase;
  round: number;
  records: number;
  /** What was run, in words. */
  setup: string;
  /** The headline time: raw: first send to last ack; no-runtime: start to the last record read; source/e2e: POST /connectors to done. */
  seconds?: number;
  /** source/e2e: from the first record (stored / given to the sink) to done. */
  steadySeconds?: number;
  /** source/e2e: from POST /connectors to the first record stored. */
  firstRecordSeconds?: number;
  /** e2e: from POST /connectors until the topic held all N (the source side, with the sink running); no-runtime: until the last send was acknowledged. */
  sourceSeconds?: number;
  stored?: number;
  sunk?: number;
  keyBytes?: number;
  valueBytes?: number;
  batches?: BatchStats;
  clientCpuSeconds?: number;
  clientPeakRss?: number;
  brokerCpuSeconds?: number;
  /** e2e: put() calls of the sink (records per put = sunk / puts). */
  puts?: number;
  failures: string[];
  errors: string[];
  notes: string[];
}

export interface Broker {
  bootstrap: string;
  pid: number;
  dataDir: string;
}

export interface ThroughputContext {
  options: RuntimeBenchOptions;
  broker: Broker;
  tmp: string;
  round: number;
}

function newResult(phase: ThroughputPhase, ctx: ThroughputContext, setup: string): PhaseResult {
  return { phase, round: ctx.round, records: ctx.options.workload.records, setup, failures: [], errors: [], notes: [] };
}

/**
 * A peer's phase on a topic of its own: creates the topic, runs `run` (which fills in the result),
 * then checks the stored count and reads the stored batches; the broker's CPU is sampled throughout.
 */
async function peerPhase(ctx: ThroughputContext, phase: ThroughputPhase, setup: string, topic: string, run: (result: PhaseResult) => Promise<void>): Promise<PhaseResult> {
  const { options, broker } = ctx;
  const w = options.workload;
  const result = newResult(phase, ctx, setup);
  const sampler = new UsageSampler(broker.pid);
  try {
    await withTimeout(createTopic(broker.bootstrap, topic, w.partitions), 30_000, 'creating the topic');
    await run(result);
    result.stored = (await withTimeout(endOffsets(broker.bootstrap, topic), 30_000, 'reading end offsets')).reduce((a, b) => a + b, 0);
    if (result.stored !== w.records) result.failures.push(`${result.stored} records stored, expected ${w.records}`);
    result.batches = storedBatchStats(broker.dataDir, topic);
  } catch (error) {
    result.errors.push((error as Error).message);
  } finally {
    result.brokerCpuSeconds = sampler.stop().cpuSeconds;
  }
  return result;
}

export async function rawPhase(ctx: ThroughputContext, best: boolean): Promise<PhaseResult> {
  const { options, broker } = ctx;
  const batch = best ? 2_000 : options.rawBatch;
  const inFlight = best ? 8 : 1;
  const idempotent = !best;
  const setup = `@platformatic/kafka Producer, send() of ${batch.toLocaleString('en-US')} records, ${inFlight} in flight, acks=all, ${idempotent ? 'idempotent' : 'not idempotent'}`;
  const topic = `rt_${best ? 'rawbest' : 'raw'}_r${ctx.round}`;
  return peerPhase(ctx, best ? 'raw-best' : 'raw', setup, topic, async (result) => {
    const spec: RawSpec = { bootstrap: broker.bootstrap, topic, workload: options.workload, batch, inFlight, idempotent };
    const raw = await runScript<RawResult>(RAW_PRODUCER, [JSON.stringify(spec)], 'raw producer', options.phaseTimeoutMs, { trackPeakRss: true });
    result.seconds = raw.seconds;
    if (raw.batch !== batch) {
      result.setup = result.setup.replace(batch.toLocaleString('en-US'), raw.batch.toLocaleString('en-US'));
      result.notes.push(`send() batch lowered from ${batch} to ${raw.batch} records to stay under max.message.bytes`);
    }
    result.keyBytes = raw.keyBytes;
    result.valueBytes = raw.valueBytes;
    result.clientPeakRss = raw.peakRss;
    result.clientCpuSeconds = raw.cpuSeconds;
    result.notes.push(`records made and converted beforehand in ${raw.generateSeconds.toFixed(1)} s (not timed); send() p50 ${raw.sendLatency.p50Ms.toFixed(1)} ms, p99 ${raw.sendLatency.p99Ms.toFixed(1)} ms`);
  });
}

/** The e2e phase's work without the runtime (no-runtime-pipeline.ts), in 2 or 3 threads of one process. */
export async function noRuntimePhase(ctx: ThroughputContext, threads: 2 | 3): Promise<PhaseResult> {
  const { options, broker } = ctx;
  const split = threads === 2 ? 'make + convert + produce | fetch + parse' : 'make + convert | produce | fetch + parse';
  const batch = options.rawBatch;
  const setup = `no runtime: datagen records made and converted, produced (send() of ${batch.toLocaleString('en-US')}, 1 in flight, acks=all, idempotent), fetched and parsed (UTF-8 + JSON.parse) in ${threads} threads of one process (${split})`;
  const topic = `rt_noruntime${threads}_r${ctx.round}`;
  return peerPhase(ctx, threads === 2 ? 'no-runtime-2' : 'no-runtime-3', setup, topic, async (result) => {
    const spec: PipelineSpec = { bootstrap: broker.bootstrap, topic, workload: options.workload, batch, threads };
    const run = await runScript<PipelineResult>(NO_RUNTIME_PIPELINE, [JSON.stringify(spec)], `no-runtime pipeline (${threads} threads)`, options.phaseTimeoutMs, { trackPeakRss: true });
    result.seconds = run.seconds;
    result.sourceSeconds = run.producedSeconds;
    result.sunk = run.records;
    result.clientCpuSeconds = run.cpuSeconds;
    result.clientPeakRss = run.peakRss;
    result.failures.push(...run.problems);
    result.notes.push(`all records acknowledged after ${run.producedSeconds.toFixed(2)} s`);
  });
}

function connectorFile(dir: string, name: string, config: Record<string, string>): string {
  const file = join(dir, `${name}.connector.json`);
  writeFileSync(file, JSON.stringify({ name, config }, null, 2));
  return file;
}

function standaloneProps(ctx: ThroughputContext, phase: string): Record<string, string> {
  return {
    'offset.storage.file.filename': join(ctx.tmp, `offsets-${phase}-r${ctx.round}.json`),
    // Kafka's config/connect-standalone.properties value (the key's default is 60 s).
    'offset.flush.interval.ms': '10000',
    'plugin.path': PLUGIN_PATH,
    ...ctx.options.workerConfig,
  };
}

/** Throws if the worker died or one of the connectors or tasks failed (with its trace). */
async function assertHealthy(worker: WorkerProcess, connectors: string[]): Promise<void> {
  if (worker.exited) throw new Error(`worker exited\n${worker.describe()}`);
  for (const name of connectors) {
    const res = await worker.rest<ConnectorStatus>('GET', `/connectors/${name}/status`, undefined, 5_000).catch(() => undefined);
    if (!res || res.status !== 200) continue;
    const failed = [res.body.connector, ...res.body.tasks].find((s) => s.state === 'FAILED');
    if (failed) throw new Error(`connector ${name}: ${'id' in failed ? `task ${failed.id}` : 'connector'} FAILED\n${(failed.trace ?? '').split('\n').slice(0, 8).join('\n')}`);
  }
}

/** Waits for `watch` to reach its target, checking the worker's health every second. */
async function awaitWatch(watch: Watch, what: string, timeoutMs: number, worker: WorkerProcess, connectors: string[]): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const settled = await Promise.race([watch.done.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1_000))]);
    if (settled) return;
    try {
      await assertHealthy(worker, connectors);
      if (performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s (at ${watch.crossing.last})`);
    } catch (error) {
      watch.stop();
      throw error;
    }
  }
}

export async function sourcePhase(ctx: ThroughputContext): Promise<PhaseResult> {
  const { options, broker } = ctx;
  const w = options.workload;
  const result = newResult('source', ctx, `datagen (${w.quickstart}, tasks.max=${w.tasks}, batch.size 1000) in a standalone worker, no sink`);
  const topic = `rt_source_r${ctx.round}`;
  let worker: WorkerProcess | undefined;
  const ends = new EndOffsets(broker.bootstrap, topic);
  let brokerSampler: UsageSampler | undefined;
  let workerSampler: UsageSampler | undefined;
  try {
    await withTimeout(createTopic(broker.bootstrap, topic, w.partitions), 30_000, 'creating the topic');
    // Standalone mode needs a connector file: an idle datagen (max.records=0 polls once a second).
    const idle = connectorFile(ctx.tmp, `idle-r${ctx.round}`, datagenConfig(w, `rt_idle_r${ctx.round}`, { 'max.records': '0', 'tasks.max': '1' }));
    worker = await startWorker({ name: `source-r${ctx.round}`, bootstrap: broker.bootstrap, restPort: await freePort(), props: standaloneProps(ctx, 'source'), dir: ctx.tmp, connectorFiles: [idle], logFile: logFile(ctx, `source-r${ctx.round}`) });
    await ends.total(); // connection and metadata before the clock starts
    brokerSampler = new UsageSampler(broker.pid);
    workerSampler = new UsageSampler(worker.pid);
    const t0 = wallMs();
    await worker.createConnector('datagen', datagenConfig(w, topic));
    const watch = new Watch(() => ends.total(), w.records);
    await awaitWatch(watch, 'the topic reaching N records', options.phaseTimeoutMs, worker, ['datagen']);
    const usage = workerSampler.stop();
    result.clientCpuSeconds = usage.cpuSeconds;
    result.brokerCpuSeconds = brokerSampler.stop().cpuSeconds;
    const { firstAt, reachedAt } = watch.crossing;
    result.seconds = (reachedAt! - t0) / 1000;
    if (firstAt !== undefined) {
      result.firstRecordSeconds = (firstAt - t0) / 1000;
      result.steadySeconds = (reachedAt! - firstAt) / 1000;
    }
    // Anything beyond N would be a duplicate write; give it a moment to show.
    await new Promise((r) => setTimeout(r, 1_000));
    result.stored = await ends.total();
    if (result.stored !== w.records) result.failures.push(`${result.stored} records stored, expected ${w.records}`);
    result.batches = storedBatchStats(broker.dataDir, topic);
    result.clientPeakRss = readMemory(worker.pid)?.peakRss;
    await assertHealthy(worker, ['datagen']);
  } catch (error) {
    result.errors.push((error as Error).message);
  } finally {
    brokerSampler?.stop();
    workerSampler?.stop();
    await ends.close();
    if (worker) {
      await worker.stop();
      result.notes.push(...worker.problems().slice(0, 10));
    }
  }
  return result;
}

export async function e2ePhase(ctx: ThroughputContext): Promise<PhaseResult> {
  const { options, broker } = ctx;
  const w = options.workload;
  const result = newResult('e2e', ctx, `datagen -> topic -> discard sink (tasks.max=${w.tasks} each) in one standalone worker`);
  const topic = `rt_e2e_r${ctx.round}`;
  const progress = join(ctx.tmp, `sink-progress-r${ctx.round}`);
  let worker: WorkerProcess | undefined;
  const ends = new EndOffsets(broker.bootstrap, topic);
  let brokerSampler: UsageSampler | undefined;
  let workerSampler: UsageSampler | undefined;
  try {
    await withTimeout(createTopic(broker.bootstrap, topic, w.partitions), 30_000, 'creating the topic');
    const sinkFile = connectorFile(ctx.tmp, `discard-r${ctx.round}`, discardConfig(w, topic, progress));
    worker = await startWorker({ name: `e2e-r${ctx.round}`, bootstrap: broker.bootstrap, restPort: await freePort(), props: standaloneProps(ctx, 'e2e'), dir: ctx.tmp, connectorFiles: [sinkFile], logFile: logFile(ctx, `e2e-r${ctx.round}`) });
    // The sink's consumer group must have its partitions before the clock starts.
    const sinkStarted = performance.now();
    for (;;) {
      const assigned = new Set(readAllProgress(progress, w.tasks).flatMap((p) => p?.assigned ?? []));
      if (assigned.size >= w.partitions) break;
      await assertHealthy(worker, ['discard-r' + ctx.round]);
      if (performance.now() - sinkStarted > 120_000) throw new Error(`the discard sink had ${assigned.size} of ${w.partitions} partitions after 120 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    result.notes.push(`sink ready (partitions assigned) ${((performance.now() - sinkStarted) / 1000).toFixed(1)} s after the worker answered`);
    await ends.total();
    brokerSampler = new UsageSampler(broker.pid);
    workerSampler = new UsageSampler(worker.pid);
    const t0 = wallMs();
    await worker.createConnector('datagen', datagenConfig(w, topic));
    const sourceWatch = new Watch(() => ends.total(), w.records);
    const sinkWatch = new Watch(() => sinkRecords(progress, w.tasks), w.records);
    try {
      await awaitWatch(sinkWatch, 'the sink being given N records', options.phaseTimeoutMs, worker, ['datagen', `discard-r${ctx.round}`]);
    } finally {
      sourceWatch.stop();
    }
    result.clientCpuSeconds = workerSampler.stop().cpuSeconds;
    result.brokerCpuSeconds = brokerSampler.stop().cpuSeconds;
    // Progress files are rewritten every 50 ms: wait for the last one, and for any duplicate to show.
    await new Promise((r) => setTimeout(r, 1_000));
    const final = readAllProgress(progress, w.tasks);
    const lastAt = Math.max(...final.map((p) => p?.lastAt ?? 0));
    const firstAts = final.map((p) => p?.firstAt).filter((t): t is number => typeof t === 'number');
    result.seconds = (lastAt - t0) / 1000;
    if (firstAts.length) result.steadySeconds = (lastAt - Math.min(...firstAts)) / 1000;
    if (sourceWatch.crossing.reachedAt !== undefined) result.sourceSeconds = (sourceWatch.crossing.reachedAt - t0) / 1000;
    if (sourceWatch.crossing.firstAt !== undefined) result.firstRecordSeconds = (sourceWatch.crossing.firstAt - t0) / 1000;
    result.sunk = final.reduce((sum, p) => sum + (p?.records ?? 0), 0);
    result.puts = final.reduce((sum, p) => sum + (p?.puts ?? 0), 0);
    const perPartition = await withTimeout(endOffsets(broker.bootstrap, topic), 30_000, 'reading end offsets');
    result.stored = perPartition.reduce((a, b) => a + b, 0);
    if (result.stored !== w.records) result.failures.push(`${result.stored} records stored, expected ${w.records}`);
    result.failures.push(...checkSinkCoverage(final, Object.fromEntries(perPartition.map((end, p) => [`${topic}-${p}`, end])), w.records));
    result.batches = storedBatchStats(broker.dataDir, topic);
    result.clientPeakRss = readMemory(worker.pid)?.peakRss;
    await assertHealthy(worker, ['datagen', `discard-r${ctx.round}`]);
  } catch (error) {
    result.errors.push((error as Error).message);
  } finally {
    brokerSampler?.stop();
    workerSampler?.stop();
    await ends.close();
    if (worker) {
      await worker.stop();
      result.notes.push(...worker.problems().slice(0, 10));
    }
  }
  return result;
}

/** Where a worker's full log goes with --logs (undefined without). */
export function logFile(ctx: { options: RuntimeBenchOptions }, name: string): string | undefined {
  if (!ctx.options.logsDir) return undefined;
  mkdirSync(ctx.options.logsDir, { recursive: true });
  return join(resolve(ctx.options.logsDir), `${name}.log`);
}
