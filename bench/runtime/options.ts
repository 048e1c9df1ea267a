/** Command-line options of bench/runtime-throughput.ts. */
import { parseArgs } from 'node:util';
import { positiveInts } from '../support/options.ts';
import type { Quickstart, Workload } from './workload.ts';

export const PHASES = ['raw', 'no-runtime', 'source', 'e2e', 'rebalance'] as const;
export type PhaseName = (typeof PHASES)[number];

export interface RuntimeBenchOptions {
  workload: Workload;
  phases: PhaseName[];
  rounds: number;
  /** Raw producer, runtime-like: records per send() (one send in flight). */
  rawBatch: number;
  /** Also run the raw producer the way the broker benchmark drives it (8 × 2,000, not idempotent). */
  rawBest: boolean;
  /** scheduled.rebalance.max.delay.ms values, one rebalance scenario each. */
  rebalanceDelaysMs: number[];
  sessionTimeoutMs: number;
  /** consumer.session.timeout.ms of the sink tasks' consumers per scenario; undefined: the runtime's default. */
  sinkSessionTimeoutsMs: (number | undefined)[];
  heartbeatIntervalMs: number;
  /** Which worker is killed: the one that is not the group leader (default) or the leader. */
  victim: 'follower' | 'leader';
  phaseTimeoutMs: number;
  workerConfig: Record<string, string>;
  brokerConfig?: Record<string, unknown>;
  outDir: string;
  /** Write every worker's full log here (for looking into a run). */
  logsDir?: string;
}

export const USAGE = `Usage: node bench/runtime-throughput.ts [options]   (npm run build first: it runs dist/)

The connector runtime's throughput and rebalance time, against the runtime's own Kafka client in
the same run. Per round, on a fresh broker (dist/, as the broker benchmark runs it):
  raw     @platformatic/kafka Producer writes the N records datagen would write (same bytes,
          made untimed beforehand), one send() of --raw-batch records in flight, acks=all,
          idempotent: the runtime's task producer settings
  no-runtime  the e2e work without the runtime, in one process: the same records made and
          converted, produced like raw, fetched back and parsed (UTF-8 + JSON.parse), split
          over 2 threads (make+produce | read) and 3 threads (make | produce | read): the best
          any runtime on this client could do on this machine
  source  datagen (max.records=N) in a standalone worker: from POST /connectors until the
          topic's end offsets reach N
  e2e     datagen -> topic -> discard sink (bench/plugins/discard-sink) in one standalone
          worker: from POST /connectors of datagen until the sink was given all N records
then, once per --rebalance-delays value, two distributed workers with a datagen and a discard
connector (2 tasks each) spread over them; one worker is SIGKILLed and the time until all its
connectors and tasks are RUNNING on the survivor is measured.
Exits 1 when records go missing or arrive twice, or a phase cannot run; never for a missed target.

Options:
  --records N               records per throughput phase (default 1000000)
  --quickstart NAME         datagen quickstart: users (default), orders, pageviews
  --schemas                 value.converter.schemas.enable=true (JSON with schema; default false)
  --partitions P            partitions of the benchmark topics (default 1)
  --tasks T                 tasks.max of datagen and discard in source/e2e (default 1)
  --phases LIST             raw,no-runtime,source,e2e,rebalance (default all)
  --rounds R                repeat raw/source/e2e R times, report the median (default 1)
  --raw-batch N             raw producer (and no-runtime) records per send() (default 5000, the mean request
                            of the runtime's task producer for this workload)
  --no-raw-best             skip the extra raw row with 8 sends × 2,000 in flight
  --rebalance-delays LIST   scheduled.rebalance.max.delay.ms per scenario (default 3000,10000)
  --sink-session-timeouts LIST
                            consumer.session.timeout.ms of the sink tasks' consumers, one
                            scenario per value and delay; "default" leaves it unset (the
                            runtime's default: the worker's session.timeout.ms, 10000) (default: default)
  --session-timeout MS      worker session.timeout.ms (default 10000, the worker default)
  --heartbeat-interval MS   worker heartbeat.interval.ms (default 3000, the worker default)
  --victim W                follower (default) or leader: which worker is killed
  --worker-config JSON      extra worker props for every worker, e.g. '{"producer.batch.size":"2000"}'
  --broker-config JSON      extra broker settings (passed to --config)
  --phase-timeout SEC       limit for each phase (default 300)
  --out DIR                 where the JSON result goes (default bench/results)
  --logs DIR                also write every worker's full log to DIR/<worker>.log
  --help`;

function stringMap(text: string | undefined, what: string): Record<string, string> {
  if (!text) return {};
  const parsed = JSON.parse(text) as unknown;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${what}: expected a JSON object`);
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

export function parseOptions(argv: string[]): RuntimeBenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      records: { type: 'string', default: '1000000' },
      quickstart: { type: 'string', default: 'users' },
      schemas: { type: 'boolean', default: false },
      partitions: { type: 'string', default: '1' },
      tasks: { type: 'string', default: '1' },
      phases: { type: 'string', default: PHASES.join(',') },
      rounds: { type: 'string', default: '1' },
      'raw-batch': { type: 'string', default: '5000' },
      'no-raw-best': { type: 'boolean', default: false },
      'rebalance-delays': { type: 'string', default: '3000,10000' },
      'session-timeout': { type: 'string', default: '10000' },
      'sink-session-timeouts': { type: 'string', default: 'default' },
      'heartbeat-interval': { type: 'string', default: '3000' },
      victim: { type: 'string', default: 'follower' },
      'worker-config': { type: 'string' },
      'broker-config': { type: 'string' },
      'phase-timeout': { type: 'string', default: '300' },
      out: { type: 'string', default: 'bench/results' },
      logs: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const quickstart = values.quickstart as Quickstart;
  if (!['users', 'orders', 'pageviews'].includes(quickstart)) throw new Error(`--quickstart: users, orders or pageviews, got '${quickstart}'`);
  const phases = values.phases.split(',').map((p) => p.trim()) as PhaseName[];
  for (const p of phases) if (!PHASES.includes(p)) throw new Error(`--phases: unknown '${p}' (known: ${PHASES.join(', ')})`);
  if (values.victim !== 'follower' && values.victim !== 'leader') throw new Error(`--victim: follower or leader, got '${values.victim}'`);
  return {
    workload: {
      records: positiveInts(values.records, '--records')[0]!,
      quickstart,
      seed: 7,
      keySpace: 1000,
      schemas: values.schemas,
      partitions: positiveInts(values.partitions, '--partitions')[0]!,
      tasks: positiveInts(values.tasks, '--tasks')[0]!,
    },
    phases,
    rounds: positiveInts(values.rounds, '--rounds')[0]!,
    rawBatch: positiveInts(values['raw-batch'], '--raw-batch')[0]!,
    rawBest: !values['no-raw-best'],
    rebalanceDelaysMs: values['rebalance-delays'].split(',').map((v) => {
      const n = Number(v.trim());
      if (!Number.isInteger(n) || n < 0) throw new Error(`--rebalance-delays: expected non-negative integers, got '${values['rebalance-delays']}'`);
      return n;
    }),
    sessionTimeoutMs: positiveInts(values['session-timeout'], '--session-timeout')[0]!,
    sinkSessionTimeoutsMs: values['sink-session-timeouts'].split(',').map((v) => (v.trim() === 'default' ? undefined : positiveInts(v, '--sink-session-timeouts')[0])),
    heartbeatIntervalMs: positiveInts(values['heartbeat-interval'], '--heartbeat-interval')[0]!,
    victim: values.victim,
    phaseTimeoutMs: positiveInts(values['phase-timeout'], '--phase-timeout')[0]! * 1000,
    workerConfig: stringMap(values['worker-config'], '--worker-config'),
    brokerConfig: values['broker-config'] ? (JSON.parse(values['broker-config']) as Record<string, unknown>) : undefined,
    outDir: values.out,
    logsDir: values.logs,
  };
}
