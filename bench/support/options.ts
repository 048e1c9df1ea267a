/** Command-line options of bench/broker-throughput.ts. */
import { parseArgs } from 'node:util';
import type { ClientKey } from './report.ts';

export interface BenchOptions {
  /** Records per size; undefined = the default for each size (see recordsFor). */
  records?: number;
  sizes: number[];
  clients: ClientKey[];
  partitions: number[];
  latencySamples: number;
  rounds: number;
  phaseTimeoutMs: number;
  redisPersistence: 'everysec' | 'no-aof';
  brokerConfig?: Record<string, unknown>;
  outDir: string;
}

export const USAGE = `Usage: node bench/broker-throughput.ts [options]   (or: npm run bench -- [options])

Produces then consumes N records of each size on the Sluice broker and, in the same run, on
NATS JetStream (file storage) and Redis Streams, and prints throughput, latency, peak RSS and
the ratios. Exits 1 on a correctness failure (wrong record count or size) or a phase that could
not run; never because a target was missed.

Options:
  --records N             records per size (default: 1,000,000 for 100 B; 200 MiB worth,
                          at most 1,000,000, for other sizes, e.g. 204,800 at 1 KiB)
  --sizes LIST            record value sizes in bytes (default 100,1024)
  --clients LIST          which load generators to run (default sluice-kcat,sluice-node,nats,redis)
  --partitions LIST       Sluice topic partition counts (default 1; e.g. 1,4 adds a 4-partition row)
  --latency-samples N     one-in-flight latency samples per system and size (default 2000)
  --rounds R              repeat the whole comparison R times, interleaved, and report the
                          median round with the spread (default 1)
  --phase-timeout SEC     limit for each produce/consume/latency phase (default 120)
  --redis-persistence M   everysec (AOF, fsync every second; default) or no-aof (memory only)
  --broker-config JSON    extra Sluice broker settings (passed to --config)
  --out DIR               where the JSON and markdown results go (default bench/results)
  --help`;

const ALL_CLIENTS: ClientKey[] = ['sluice-kcat', 'sluice-node', 'nats', 'redis'];

export function positiveInts(text: string, what: string): number[] {
  const values = text.split(',').map((v) => Number(v.trim().replaceAll('_', '')));
  if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v <= 0)) throw new Error(`${what}: expected positive integers, got '${text}'`);
  return values;
}

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      records: { type: 'string' },
      sizes: { type: 'string', default: '100,1024' },
      clients: { type: 'string', default: ALL_CLIENTS.join(',') },
      partitions: { type: 'string', default: '1' },
      'latency-samples': { type: 'string', default: '2000' },
      rounds: { type: 'string', default: '1' },
      'phase-timeout': { type: 'string', default: '120' },
      'redis-persistence': { type: 'string', default: 'everysec' },
      'broker-config': { type: 'string' },
      out: { type: 'string', default: 'bench/results' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const clients = values.clients.split(',').map((c) => c.trim()) as ClientKey[];
  for (const client of clients) if (!ALL_CLIENTS.includes(client)) throw new Error(`--clients: unknown '${client}' (known: ${ALL_CLIENTS.join(', ')})`);
  const persistence = values['redis-persistence'];
  if (persistence !== 'everysec' && persistence !== 'no-aof') throw new Error(`--redis-persistence: everysec or no-aof, got '${persistence}'`);
  return {
    records: values.records === undefined ? undefined : positiveInts(values.records, '--records')[0],
    sizes: positiveInts(values.sizes, '--sizes'),
    clients,
    partitions: positiveInts(values.partitions, '--partitions'),
    latencySamples: positiveInts(values['latency-samples'], '--latency-samples')[0]!,
    rounds: positiveInts(values.rounds, '--rounds')[0]!,
    phaseTimeoutMs: positiveInts(values['phase-timeout'], '--phase-timeout')[0]! * 1000,
    redisPersistence: persistence,
    brokerConfig: values['broker-config'] ? (JSON.parse(values['broker-config']) as Record<string, unknown>) : undefined,
    outDir: values.out,
  };
}

export function recordsFor(options: BenchOptions, size: number): number {
  if (options.records !== undefined) return options.records;
  return Math.min(1_000_000, Math.floor((200 * 1024 * 1024) / size));
}
