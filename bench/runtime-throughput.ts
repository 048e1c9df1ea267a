/**
 * Runtime benchmark: what the connector runtime gets through, against its own Kafka client in the
 * same run, and how long a Connect group takes to move a dead worker's work.
 * `node bench/runtime-throughput.ts --help` for the options; docs/benchmarks.md for the method.
 *
 * Per round, on a fresh broker process (compiled, from dist/): the raw @platformatic/kafka producer
 * writes the N records datagen would write; datagen alone writes N records from a standalone worker;
 * datagen -> topic -> discard sink runs in one standalone worker until the sink was given all N.
 * Then, per scheduled.rebalance.max.delay.ms value, on a fresh broker: two distributed workers, one
 * SIGKILLed, time until the survivor runs everything. Everything started here is stopped at the end,
 * also on errors, timeouts and Ctrl-C.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runBenchMain, stopAllChildren } from './support/children.ts';
import { machineDescription } from './support/report.ts';
import { brokerProblems, startSluiceBroker, type SluiceBroker } from './sluice/broker-process.ts';
import { parseOptions, USAGE, type RuntimeBenchOptions } from './runtime/options.ts';
import { rebalancePhase, type RebalanceResult } from './runtime/rebalance.ts';
import { computeRatios, evaluateTargets, medianRounds, renderMarkdown, renderText, type RuntimeReport } from './runtime/report.ts';
import { e2ePhase, noRuntimePhase, rawPhase, sourcePhase, type PhaseResult, type ThroughputContext } from './runtime/throughput.ts';

const CLI = resolve(import.meta.dirname, '../dist/runtime/cli/main.js');

async function withBroker<T>(options: RuntimeBenchOptions, label: string, work: (broker: SluiceBroker) => Promise<T>, onError: (message: string) => void): Promise<T | undefined> {
  let broker: SluiceBroker;
  try {
    broker = await startSluiceBroker(options.brokerConfig);
  } catch (error) {
    onError(`broker did not start: ${(error as Error).message}`);
    return undefined;
  }
  try {
    return await work(broker);
  } finally {
    if (options.logsDir) {
      mkdirSync(options.logsDir, { recursive: true });
      writeFileSync(join(options.logsDir, `broker-${label.replace(/\W+/g, '-')}.log`), `${broker.output.join('\n')}\n`);
    }
    const warnings = brokerProblems(broker.output);
    if (warnings.length) console.error(`[bench] ${label}: broker warnings:\n  ${warnings.slice(-10).join('\n  ')}`);
    await broker.stop();
  }
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n(node bench/runtime-throughput.ts --help for the options)`);
    return 2;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  const options = parsed;
  if (!existsSync(CLI)) {
    console.error(`${CLI} is missing: run npm run build first`);
    return 2;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'sluice-runtime-bench-'));
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg()[0]!;
  const measured: PhaseResult[] = [];
  const rebalance: RebalanceResult[] = [];
  const wants = (phase: string) => options.phases.includes(phase as never);
  try {
    if (wants('raw') || wants('no-runtime') || wants('source') || wants('e2e')) {
      for (let round = 1; round <= options.rounds; round++) {
        await withBroker(options, `round ${round}`, async (broker) => {
          const ctx: ThroughputContext = { options, broker: { bootstrap: broker.bootstrap, pid: broker.pid, dataDir: broker.dataDir }, tmp, round };
          const run = async (label: string, phase: () => Promise<PhaseResult>) => {
            console.error(`[bench] round ${round}: ${label}`);
            const result = await phase();
            measured.push(result);
            for (const e of result.errors) console.error(`[bench]   error: ${e}`);
            for (const f of result.failures) console.error(`[bench]   FAILURE: ${f}`);
          };
          if (wants('raw')) {
            await run('raw producer, runtime-like', () => rawPhase(ctx, false));
            if (options.rawBest) await run('raw producer, best window', () => rawPhase(ctx, true));
          }
          if (wants('no-runtime')) {
            await run('no runtime, 2 threads', () => noRuntimePhase(ctx, 2));
            await run('no runtime, 3 threads', () => noRuntimePhase(ctx, 3));
          }
          if (wants('source')) await run('datagen only', () => sourcePhase(ctx));
          if (wants('e2e')) await run('datagen -> discard sink', () => e2ePhase(ctx));
        }, (message) => console.error(`[bench] round ${round}: ${message}`));
      }
    }
    if (wants('rebalance')) {
      for (const sinkSession of options.sinkSessionTimeoutsMs) {
        for (const delayMs of options.rebalanceDelaysMs) {
          const label = `rebalance ${delayMs}${sinkSession === undefined ? '' : ` sink session ${sinkSession}`}`;
          console.error(`[bench] ${label}: scheduled.rebalance.max.delay.ms=${delayMs}, session.timeout.ms=${options.sessionTimeoutMs}, sink consumer session.timeout.ms=${sinkSession ?? 'default'}`);
          const result = await withBroker(options, label, (broker) =>
            rebalancePhase({ options, broker: { bootstrap: broker.bootstrap, pid: broker.pid, dataDir: broker.dataDir }, tmp }, delayMs, sinkSession),
          (message) => console.error(`[bench] ${label}: ${message}`));
          if (result) {
            rebalance.push(result);
            for (const e of result.errors) console.error(`[bench]   error: ${e}`);
          }
        }
      }
    }
  } finally {
    await stopAllChildren();
    rmSync(tmp, { recursive: true, force: true });
  }

  const ratios = computeRatios(measured);
  const raw = measured.find((r) => r.phase === 'raw' && r.keyBytes !== undefined);
  const report: RuntimeReport = {
    startedAt,
    command: ['node bench/runtime-throughput.ts', ...process.argv.slice(2)].join(' '),
    machine: machineDescription(),
    loadAverage: { before: loadBefore, after: loadavg()[0]! },
    options,
    recordBytes: raw ? { key: raw.keyBytes! / raw.records, value: raw.valueBytes! / raw.records } : undefined,
    throughput: medianRounds(measured),
    measured,
    ratios,
    rebalance,
    targets: evaluateTargets(ratios),
  };
  console.log(renderText(report));
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const stamp = startedAt.replace(/[:.]/g, '-');
  writeFileSync(join(outDir, `runtime-throughput-${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outDir, 'runtime-throughput-latest.md'), `${renderMarkdown(report)}\n`);
  console.log(`\nResults: ${join(outDir, `runtime-throughput-${stamp}.json`)} and runtime-throughput-latest.md`);

  const broken = [...measured, ...rebalance].some((r) => r.failures.length > 0 || r.errors.length > 0);
  return broken ? 1 : 0;
}

runBenchMain(main);
