/**
 * Consumer-group benchmark: consumption through a Kafka consumer group on the Sluice broker with
 * 1 and 3 members over 6 partitions, against NATS JetStream with a durable pull consumer shared
 * by as many processes, then the group's rebalance times when a member joins, is killed, and
 * leaves. `node bench/group-throughput.ts --help` for the options (run `npm run build` first: the
 * broker runs from dist/); docs/benchmarks.md for the method and the recorded figures.
 *
 * Every member is its own process, so 3 members use both cores as real consumers would. Each
 * row checks that the members together got every record exactly once. Everything started here
 * is stopped at the end, also on errors, timeouts and Ctrl-C. Exits 1 on a correctness failure
 * (records lost, repeated or of the wrong size; a group that does not consume again after a
 * rebalance) or a row that could not run; never because of a slow figure.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startNatsServer } from './peers/nats-jetstream.ts';
import { brokerProblems, startSluiceBroker } from './sluice/broker-process.ts';
import { PYTHON } from './sluice/group-members.ts';
import { runRebalance } from './sluice/group-rebalance.ts';
import { kcatProduce } from './sluice/kcat-load.ts';
import { createTopic, endOffsets } from './sluice/topics.ts';
import { runBenchMain, stopAllChildren } from './support/children.ts';
import { renderGroupMarkdown, renderGroupText, type GroupRunReport } from './support/group-report.ts';
import { runKafkaRow, runKcatReferenceRow, runNatsRow, type GroupClient, type GroupRow, type RowContext } from './support/group-rows.ts';
import { positiveInts } from './support/options.ts';
import { machineDescription } from './support/report.ts';
import { runWorker, withTimeout } from './support/run-worker.ts';
import { writePayloadFile, type LoadSpec, type ProduceResult } from './support/workload.ts';

const USAGE = `Usage: node bench/group-throughput.ts [options]     (after npm run build)

Loads N records into a 6-partition Sluice topic and a NATS JetStream stream, consumes them
through a consumer group of 1 and 3 member processes (JetStream: a durable pull consumer shared
by 1 and 3 processes), then measures the group's rebalance times (member joins, member
SIGKILLed, member leaves). Prints tables, writes bench/results/group-throughput-<time>.json and
group-throughput-latest.md. Exits 1 on a correctness failure or a part that could not run.

Options:
  --records N              records to load and consume (default 1,000,000)
  --size S                 value size in bytes (default 100)
  --partitions P           Sluice topic partitions (default 6)
  --members LIST           group sizes for the throughput rows (default 1,3)
  --clients LIST           sluice-python (confluent-kafka/librdkafka), sluice-node
                           (@platformatic/kafka), sluice-kcat (reference row: kcat -C, no
                           group), nats (default: all four)
  --rounds R               repeat the throughput rows R times, fresh servers each round (default 1)
  --only PART              throughput or rebalance (default: both)
  --rebalance-rounds R     join/kill/join/leave cycles (default 3)
  --session-timeout MS     members' session.timeout.ms (default 6000, the broker's minimum)
  --heartbeat-interval MS  members' heartbeat.interval.ms (default 2000)
  --rebalance-rate N       background records/s while rebalancing (default 6000)
  --settle MS              steady consumption between rebalance steps (default 3000)
  --phase-timeout SEC      limit for one throughput row / one rebalance step (default 120 / 60)
  --broker-config JSON     extra Sluice broker settings (passed to --config), e.g.
                           '{"group.initial.rebalance.delay.ms":0}'
  --out DIR                where results go (default bench/results)
  --help`;

const ALL_CLIENTS: GroupClient[] = ['sluice-python', 'sluice-node', 'sluice-kcat', 'nats'];

interface Options {
  records: number;
  size: number;
  partitions: number;
  members: number[];
  clients: GroupClient[];
  rounds: number;
  throughput: boolean;
  rebalance: boolean;
  rebalanceRounds: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  rebalanceRate: number;
  settleMs: number;
  phaseTimeoutSec?: number;
  brokerConfig?: Record<string, unknown>;
  outDir: string;
}

function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      records: { type: 'string', default: '1000000' },
      size: { type: 'string', default: '100' },
      partitions: { type: 'string', default: '6' },
      members: { type: 'string', default: '1,3' },
      clients: { type: 'string', default: ALL_CLIENTS.join(',') },
      rounds: { type: 'string', default: '1' },
      only: { type: 'string' },
      'rebalance-rounds': { type: 'string', default: '3' },
      'session-timeout': { type: 'string', default: '6000' },
      'heartbeat-interval': { type: 'string', default: '2000' },
      'rebalance-rate': { type: 'string', default: '6000' },
      settle: { type: 'string', default: '3000' },
      'phase-timeout': { type: 'string' },
      'broker-config': { type: 'string' },
      out: { type: 'string', default: 'bench/results' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const clients = values.clients.split(',').map((c) => c.trim()) as GroupClient[];
  for (const c of clients) if (!ALL_CLIENTS.includes(c)) throw new Error(`--clients: unknown '${c}' (known: ${ALL_CLIENTS.join(', ')})`);
  if (values.only !== undefined && values.only !== 'throughput' && values.only !== 'rebalance') throw new Error(`--only: throughput or rebalance, got '${values.only}'`);
  const one = (text: string, what: string) => positiveInts(text, what)[0]!;
  return {
    records: one(values.records, '--records'),
    size: one(values.size, '--size'),
    partitions: one(values.partitions, '--partitions'),
    members: positiveInts(values.members, '--members'),
    clients,
    rounds: one(values.rounds, '--rounds'),
    throughput: values.only !== 'rebalance',
    rebalance: values.only !== 'throughput',
    rebalanceRounds: one(values['rebalance-rounds'], '--rebalance-rounds'),
    sessionTimeoutMs: one(values['session-timeout'], '--session-timeout'),
    heartbeatIntervalMs: one(values['heartbeat-interval'], '--heartbeat-interval'),
    rebalanceRate: one(values['rebalance-rate'], '--rebalance-rate'),
    settleMs: one(values.settle, '--settle'),
    phaseTimeoutSec: values['phase-timeout'] === undefined ? undefined : one(values['phase-timeout'], '--phase-timeout'),
    brokerConfig: values['broker-config'] ? (JSON.parse(values['broker-config']) as Record<string, unknown>) : undefined,
    outDir: values.out,
  };
}

const log = (line: string) => console.error(`[group-bench] ${line}`);

async function sluiceRound(options: Options, round: number, tmp: string, report: GroupRunReport): Promise<void> {
  const clients = options.clients.filter((c): c is Exclude<GroupClient, 'nats'> => c !== 'nats');
  if (!clients.length) return;
  const ctx = rowContext(options, round, tmp, options.partitions);
  const topic = 'bench_group';
  log(`round ${round}: Sluice broker, loading ${options.records} records into ${options.partitions} partitions (kcat)`);
  const broker = await startSluiceBroker(options.brokerConfig);
  try {
    await withTimeout(createTopic(broker.bootstrap, topic, options.partitions), 30_000, 'creating the topic');
    const file = join(tmp, `payload-${options.size}-${options.records}.txt`);
    if (!existsSync(file)) await writePayloadFile(file, options.size, options.records);
    // Records spread evenly over the partitions (each record to a random partition; librdkafka's
    // sticky default sends whole batches to one, which left partitions 1:20 apart and the members
    // of a group with very unequal shares).
    const loaded = await kcatProduce({
      bootstrap: broker.bootstrap,
      topic,
      file,
      records: options.records,
      size: options.size,
      timeoutMs: ctx.timeoutMs,
      properties: { 'sticky.partitioning.linger.ms': '0' },
    });
    if (loaded.exitCode !== 0) throw new Error(`kcat -P exited with ${loaded.exitCode}\n${loaded.stderr.slice(-20).join('\n')}`);
    const ends = await withTimeout(endOffsets(broker.bootstrap, topic), 30_000, 'reading end offsets');
    const stored = ends.reduce((a, b) => a + b, 0);
    report.preload.push({ system: 'Sluice', round, records: stored, seconds: loaded.seconds, note: `kcat -P, sticky.partitioning.linger.ms=0; per partition ${ends.join(' / ')}` });
    if (stored !== options.records) throw new Error(`preload: ${stored} records stored, expected ${options.records}`);
    for (const client of clients) {
      if (client === 'sluice-kcat') {
        log(`round ${round}: kcat -C reference, no group`);
        report.rows.push(await runKcatReferenceRow(broker, topic, ctx));
        continue;
      }
      for (const members of options.members) {
        log(`round ${round}: ${client}, ${members} member(s)`);
        report.rows.push(await runKafkaRow(client, members, broker, topic, ends, ctx));
      }
    }
  } finally {
    const warnings = brokerProblems(broker.output);
    if (warnings.length) report.rows.at(-1)?.notes.push(...warnings.slice(0, 10).map((w) => `broker log: ${w}`));
    await broker.stop();
  }
}

async function natsRound(options: Options, round: number, tmp: string, report: GroupRunReport): Promise<void> {
  if (!options.clients.includes('nats')) return;
  const ctx = rowContext(options, round, tmp, 1);
  const stream = 'bench_group';
  log(`round ${round}: nats-server, loading ${options.records} records`);
  const nats = await startNatsServer();
  try {
    const spec: LoadSpec = { target: nats.url, name: stream, records: options.records, size: options.size };
    const loaded = await runWorker<ProduceResult>('nats', 'produce', spec, ctx.timeoutMs);
    report.preload.push({ system: 'NATS JetStream', round, records: loaded.records, seconds: loaded.seconds, note: 'nats.js, async publish, file storage' });
    if (loaded.records !== options.records) throw new Error(`preload: ${loaded.records} messages stored, expected ${options.records}`);
    for (const members of options.members) {
      log(`round ${round}: nats, ${members} member(s)`);
      report.rows.push(await runNatsRow(members, nats, stream, ctx));
    }
  } finally {
    await nats.stop();
  }
}

function rowContext(options: Options, round: number, tmp: string, partitions: number): RowContext {
  return {
    round,
    records: options.records,
    size: options.size,
    partitions,
    timeoutMs: (options.phaseTimeoutSec ?? 120) * 1000,
    stallMs: 15_000,
    tmp,
    sessionTimeoutMs: options.sessionTimeoutMs,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
  };
}

/** A round that could not run at all (server or preload failed) becomes an error row. */
function failedRound(options: Options, round: number, clients: GroupClient[], error: Error): GroupRow[] {
  return clients.flatMap((client) =>
    (client === 'sluice-kcat' ? [1] : options.members).map((members) => ({
      client,
      members,
      round,
      records: options.records,
      size: options.size,
      partitions: client === 'nats' ? 1 : options.partitions,
      perMember: [],
      failures: [],
      errors: [error.message],
      notes: [],
    })),
  );
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n(node bench/group-throughput.ts --help for the options)`);
    return 2;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  const options = parsed;
  if (!existsSync(resolve(import.meta.dirname, '../dist/runtime/cli/main.js'))) {
    console.error('dist/runtime/cli/main.js is missing: run `npm run build` first');
    return 2;
  }
  if (!existsSync(PYTHON) && options.clients.includes('sluice-python')) {
    console.error(`${PYTHON} is missing (the librdkafka members need python3 with confluent-kafka)`);
    return 2;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'sluice-group-bench-'));
  const startedAt = new Date().toISOString();
  const report: GroupRunReport = {
    startedAt,
    command: ['node bench/group-throughput.ts', ...process.argv.slice(2)].join(' '),
    machine: machineDescription(),
    loadAverage: { before: loadavg()[0]!, after: Number.NaN },
    options: { ...options },
    preload: [],
    rows: [],
  };
  try {
    if (options.throughput) {
      for (let round = 1; round <= options.rounds; round++) {
        for (const [run, clients] of [
          [sluiceRound, options.clients.filter((c) => c !== 'nats')],
          [natsRound, options.clients.filter((c) => c === 'nats')],
        ] as const) {
          try {
            await run(options, round, tmp, report);
          } catch (error) {
            log(`round ${round}: ${(error as Error).message}`);
            const done = new Set(report.rows.filter((r) => r.round === round).map((r) => `${r.client}|${r.members}`));
            report.rows.push(...failedRound(options, round, clients, error as Error).filter((r) => !done.has(`${r.client}|${r.members}`)));
          }
        }
      }
    }
    if (options.rebalance) {
      log(`rebalance: ${options.rebalanceRounds} round(s) of join / kill / join / leave`);
      report.rebalance = await runRebalance(
        {
          rounds: options.rebalanceRounds,
          partitions: options.partitions,
          sessionTimeoutMs: options.sessionTimeoutMs,
          heartbeatIntervalMs: options.heartbeatIntervalMs,
          recordsPerSecond: options.rebalanceRate,
          size: options.size,
          settleMs: options.settleMs,
          stepTimeoutMs: (options.phaseTimeoutSec ?? 60) * 1000,
          brokerConfig: options.brokerConfig,
        },
        log,
      );
    }
  } finally {
    await stopAllChildren();
    rmSync(tmp, { recursive: true, force: true });
  }
  report.loadAverage.after = loadavg()[0]!;

  console.log(renderGroupText(report));
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const stamp = startedAt.replace(/[:.]/g, '-');
  writeFileSync(join(outDir, `group-throughput-${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outDir, 'group-throughput-latest.md'), `${renderGroupMarkdown(report)}\n`);
  console.log(`\nResults: ${join(outDir, `group-throughput-${stamp}.json`)} and group-throughput-latest.md`);

  const broken = report.rows.some((r) => r.failures.length || r.errors.length) || !!(report.rebalance && (report.rebalance.failures.length || report.rebalance.errors.length));
  return broken ? 1 : 0;
}

runBenchMain(main, 'group-bench');
