/** Results of one benchmark run, and the text/markdown tables and ratios printed from them. */
import { cpus, totalmem, release } from 'node:os';
import { toMiB, type PhaseUsage } from './process-stats.ts';
import type { ConsumeResult, LatencyResult, ProduceResult } from './workload.ts';

export type ClientKey = 'sluice-kcat' | 'sluice-node' | 'nats' | 'redis';

export const CLIENTS: Record<ClientKey, { system: string; client: string }> = {
  'sluice-kcat': { system: 'Sluice', client: 'kcat (librdkafka 2.0.2)' },
  'sluice-node': { system: 'Sluice', client: '@platformatic/kafka' },
  nats: { system: 'NATS JetStream', client: 'nats.js' },
  redis: { system: 'Redis Streams', client: 'node-redis' },
};

export interface Row {
  key: ClientKey;
  /** 1-based round for a measured row; the number of rounds for an aggregated one. */
  rounds: number;
  size: number;
  records: number;
  partitions: number;
  produce?: ProduceResult & { server: PhaseUsage };
  consume?: ConsumeResult & { server: PhaseUsage };
  /** One record in flight, Node client; measured once per system and size. */
  latency?: LatencyResult;
  /** The server process's VmHWM when the row finished, bytes. */
  serverPeakRss?: number;
  /** Correctness failures (wrong counts or sizes): these make the run exit non-zero. */
  failures: string[];
  /** Phases that could not run (errors, timeouts): also non-zero. */
  errors: string[];
  /** Broker/server log lines at warn level or worse seen during the row. */
  serverWarnings: string[];
  /** Aggregated rows: lowest and highest records/s over the rounds. */
  spread?: { produce?: [number, number]; consume?: [number, number] };
}

export interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean | undefined;
}

export interface RunReport {
  startedAt: string;
  command: string;
  machine: string;
  /** 1-minute load average before and after the run: other work on the machine skews figures. */
  loadAverage: { before: number; after: number };
  options: Record<string, unknown>;
  /** One per system, client, size and partition count: the median round (see aggregate). */
  rows: Row[];
  /** Every round as measured. */
  measured: Row[];
  targets: Target[];
}

function median<T>(items: T[], value: (item: T) => number): T | undefined {
  const sorted = items.filter((item) => Number.isFinite(value(item))).sort((a, b) => value(a) - value(b));
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : undefined;
}

/**
 * Folds the rounds of each system/client/size/partitions into one row: produce and consume are
 * each the median round by records/s (lower median for an even count), latency the round with
 * the median p50, peak RSS the highest of any round; failures and errors of every round kept.
 */
export function aggregate(measured: Row[]): Row[] {
  const groups = new Map<string, Row[]>();
  for (const row of measured) {
    const id = `${row.key}|${row.size}|${row.partitions}`;
    groups.set(id, [...(groups.get(id) ?? []), row]);
  }
  return [...groups.values()].map((rounds) => {
    const first = rounds[0]!;
    const produced = rounds.filter((r) => r.produce);
    const consumed = rounds.filter((r) => r.consume);
    const range = (values: number[]): [number, number] | undefined => (values.length ? [Math.min(...values), Math.max(...values)] : undefined);
    const rss = rounds.map((r) => r.serverPeakRss ?? 0);
    return {
      key: first.key,
      rounds: rounds.length,
      size: first.size,
      records: first.records,
      partitions: first.partitions,
      produce: median(produced, (r) => produceRate(r)!)?.produce,
      consume: median(consumed, (r) => consumeRate(r)!)?.consume,
      latency: median(rounds.filter((r) => r.latency), (r) => r.latency!.p50Ms)?.latency,
      serverPeakRss: Math.max(...rss) || undefined,
      failures: rounds.flatMap((r) => r.failures.map((f) => `round ${r.rounds}: ${f}`)),
      errors: rounds.flatMap((r) => r.errors.map((e) => `round ${r.rounds}: ${e}`)),
      serverWarnings: rounds.flatMap((r) => r.serverWarnings),
      spread: { produce: range(produced.map((r) => produceRate(r)!)), consume: range(consumed.map((r) => consumeRate(r)!)) },
    };
  });
}

export function machineDescription(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Linux ${release()}, Node ${process.versions.node}`;
}

export const rate = (records: number, seconds: number) => (seconds > 0 ? records / seconds : Number.NaN);
const mbps = (bytes: number, seconds: number) => (seconds > 0 ? bytes / seconds / 1e6 : Number.NaN);

export function fmtRate(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
  return value.toFixed(0);
}
export const fmt = (value: number | undefined, digits = 1) => (value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));
export const fmtMs = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? '–' : value < 1 ? value.toFixed(3) : value.toFixed(2));
export const fmtSize = (size: number) => (size % 1024 === 0 ? `${size / 1024} KiB` : `${size} B`);

export function produceRate(row: Row | undefined): number | undefined {
  return row?.produce ? rate(row.produce.records, row.produce.seconds) : undefined;
}
export function consumeRate(row: Row | undefined): number | undefined {
  return row?.consume ? rate(row.consume.records, row.consume.seconds) : undefined;
}

function systemLatency(rows: Row[], row: Row): LatencyResult | undefined {
  if (row.latency) return row.latency;
  const system = CLIENTS[row.key].system;
  return rows.find((r) => r.latency && r.size === row.size && CLIENTS[r.key].system === system)?.latency;
}

const HEADERS = [
  'system',
  'client',
  'size',
  'parts',
  'records',
  'produce rec/s',
  'produce MB/s',
  'consume rec/s',
  'consume MB/s',
  'p50 ms',
  'p99 ms',
  'server peak RSS MiB',
  'server CPU s / 1M rec (prod+cons)',
];

function rowCells(rows: Row[], row: Row): string[] {
  const { system, client } = CLIENTS[row.key];
  const latency = systemLatency(rows, row);
  const cpu = (row.produce?.server.cpuSeconds ?? 0) + (row.consume?.server.cpuSeconds ?? 0);
  return [
    system,
    client,
    fmtSize(row.size),
    String(row.partitions),
    row.records.toLocaleString('en-US'),
    fmtRate(produceRate(row)),
    row.produce ? fmt(mbps(row.produce.bytes, row.produce.seconds)) : '–',
    fmtRate(consumeRate(row)),
    row.consume ? fmt(mbps(row.consume.bytes, row.consume.seconds)) : '–',
    fmtMs(latency?.p50Ms),
    fmtMs(latency?.p99Ms),
    row.serverPeakRss ? fmt(toMiB(row.serverPeakRss), 0) : '–',
    row.produce || row.consume ? fmt(cpu / (row.records / 1e6), 2) : '–',
  ];
}

export interface Ratio {
  size: number;
  metric: string;
  numerator: ClientKey;
  denominator: ClientKey;
  /** Median over the rounds of the ratio within each round (Sluice and peer measured minutes apart). */
  value: number;
  min: number;
  max: number;
  rounds: number;
}

/**
 * Sluice over each peer, for produce and consume records/s, 1-partition rows. With several
 * rounds, the ratio is taken within each round (the two measured back to back under the same
 * machine conditions) and the median of those is reported, with the range.
 */
export function ratios(measured: Row[]): Ratio[] {
  const out: Ratio[] = [];
  const sizes = [...new Set(measured.map((r) => r.size))];
  const roundsSeen = [...new Set(measured.map((r) => r.rounds))];
  for (const size of sizes) {
    for (const sluice of ['sluice-node', 'sluice-kcat'] as const) {
      for (const peer of ['nats', 'redis'] as const) {
        for (const [metric, get] of [
          ['produce rec/s', produceRate],
          ['consume rec/s', consumeRate],
        ] as const) {
          const values: number[] = [];
          for (const round of roundsSeen) {
            const find = (key: ClientKey) => measured.find((r) => r.key === key && r.size === size && r.partitions === 1 && r.rounds === round);
            const a = get(find(sluice));
            const b = get(find(peer));
            if (a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > 0) values.push(a / b);
          }
          if (values.length === 0) continue;
          values.sort((x, y) => x - y);
          out.push({
            size,
            metric,
            numerator: sluice,
            denominator: peer,
            value: values[Math.floor((values.length - 1) / 2)]!,
            min: values[0]!,
            max: values[values.length - 1]!,
            rounds: values.length,
          });
        }
      }
    }
  }
  return out;
}

function ratioLabel(r: Ratio): string {
  return `Sluice (${CLIENTS[r.numerator].client}) / ${CLIENTS[r.denominator].system} (${CLIENTS[r.denominator].client})`;
}

export function textTable(headers: string[], body: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function markdownTable(headers: string[], body: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...body.map(line)].join('\n');
}

function ratioCells(r: Ratio): string[] {
  const range = r.rounds > 1 ? ` (${r.min.toFixed(2)}–${r.max.toFixed(2)}, ${r.rounds} rounds)` : '';
  return [fmtSize(r.size), r.metric, ratioLabel(r), `${r.value.toFixed(2)}×${range}`];
}

function loadedAckCells(row: Row): string[] | undefined {
  const ack = row.produce?.loadedAck;
  if (!ack) return undefined;
  return [CLIENTS[row.key].system, CLIENTS[row.key].client, fmtSize(row.size), String(row.partitions), fmtMs(ack.p50Ms), fmtMs(ack.p99Ms), ack.unit];
}

function spreadCells(row: Row): string[] | undefined {
  if (row.rounds < 2 || !row.spread) return undefined;
  const range = (r: [number, number] | undefined) => (r ? `${fmtRate(r[0])} – ${fmtRate(r[1])}` : '–');
  return [CLIENTS[row.key].system, CLIENTS[row.key].client, fmtSize(row.size), String(row.partitions), String(row.rounds), range(row.spread.produce), range(row.spread.consume)];
}

const SPREAD_HEADERS = ['system', 'client', 'size', 'parts', 'rounds', 'produce rec/s min – max', 'consume rec/s min – max'];

function targetCells(t: Target): string[] {
  return [t.name, t.target, t.measured, t.met === undefined ? 'not measured' : t.met ? 'met' : 'NOT met'];
}

export function renderText(report: RunReport): string {
  const parts: string[] = [];
  parts.push(`Machine: ${report.machine}`);
  parts.push(`Command: ${report.command}`);
  parts.push(`Load average (1 min) before/after: ${report.loadAverage.before.toFixed(2)} / ${report.loadAverage.after.toFixed(2)}`);
  parts.push('');
  parts.push(textTable(HEADERS, report.rows.map((row) => rowCells(report.rows, row))));
  parts.push('');
  parts.push('p50/p99: produce acknowledgement latency with one record in flight (Node client of each system, acks=all / PubAck / XADD reply).');
  const spreads = report.rows.map(spreadCells).filter((c): c is string[] => !!c);
  if (spreads.length) {
    parts.push('Rates above are the median round; spread over the rounds:');
    parts.push(textTable(SPREAD_HEADERS, spreads));
  }
  const loaded = report.rows.map(loadedAckCells).filter((c): c is string[] => !!c);
  if (loaded.length) {
    parts.push('');
    parts.push('Acknowledgement latency under the throughput load (not comparable across systems: the unit differs):');
    parts.push(textTable(['system', 'client', 'size', 'parts', 'p50 ms', 'p99 ms', 'one sample is'], loaded));
  }
  const rs = ratios(report.measured);
  if (rs.length) {
    parts.push('');
    parts.push('Ratios (same run, 1 partition; > 1 means Sluice is faster; median of the per-round ratios):');
    parts.push(textTable(['size', 'metric', 'ratio', 'value'], rs.map(ratioCells)));
  }
  if (report.targets.length) {
    parts.push('');
    parts.push('Targets:');
    parts.push(textTable(['target', 'wanted', 'measured', 'verdict'], report.targets.map(targetCells)));
  }
  const problems = report.rows.flatMap((row) => [
    ...row.failures.map((f) => `FAIL ${row.key} ${fmtSize(row.size)}: ${f}`),
    ...row.errors.map((e) => `ERROR ${row.key} ${fmtSize(row.size)}: ${e}`),
    ...row.serverWarnings.slice(0, 10).map((w) => `server log ${row.key} ${fmtSize(row.size)}: ${w}`),
  ]);
  if (problems.length) {
    parts.push('');
    parts.push(...problems);
  }
  return parts.join('\n');
}

export function renderMarkdown(report: RunReport): string {
  const parts: string[] = [];
  parts.push(`- Date: ${report.startedAt}`);
  parts.push(`- Machine: ${report.machine}`);
  parts.push(`- Command: \`${report.command}\``);
  parts.push(`- Load average (1 min) before/after: ${report.loadAverage.before.toFixed(2)} / ${report.loadAverage.after.toFixed(2)}`);
  parts.push('');
  parts.push(markdownTable(HEADERS, report.rows.map((row) => rowCells(report.rows, row))));
  const spreads = report.rows.map(spreadCells).filter((c): c is string[] => !!c);
  if (spreads.length) {
    parts.push('');
    parts.push(markdownTable(SPREAD_HEADERS, spreads));
  }
  const loaded = report.rows.map(loadedAckCells).filter((c): c is string[] => !!c);
  if (loaded.length) {
    parts.push('');
    parts.push(markdownTable(['system', 'client', 'size', 'parts', 'loaded ack p50 ms', 'loaded ack p99 ms', 'one sample is'], loaded));
  }
  const rs = ratios(report.measured);
  if (rs.length) {
    parts.push('');
    parts.push(markdownTable(['size', 'metric', 'ratio', 'value'], rs.map(ratioCells)));
  }
  if (report.targets.length) {
    parts.push('');
    parts.push(markdownTable(['target', 'wanted', 'measured', 'verdict'], report.targets.map(targetCells)));
  }
  return parts.join('\n');
}

/** The issue's targets, judged on the 100 B, 1-partition rows. */
export function evaluateTargets(rows: Row[], measured: Row[]): Target[] {
  const at100 = (key: ClientKey) => rows.find((r) => r.key === key && r.size === 100 && r.partitions === 1);
  const best = (get: (row: Row | undefined) => number | undefined) => {
    const candidates: { key: ClientKey; value: number }[] = [];
    for (const key of ['sluice-kcat', 'sluice-node'] as const) {
      const value = get(at100(key));
      if (value !== undefined && Number.isFinite(value)) candidates.push({ key, value });
    }
    return candidates.sort((a, b) => b.value - a.value)[0];
  };
  const targets: Target[] = [];
  const bestProduce = best(produceRate);
  targets.push({
    name: 'Sluice produce, 100 B',
    target: '≥ 500k records/s',
    measured: bestProduce ? `${fmtRate(bestProduce.value)} records/s (${CLIENTS[bestProduce.key].client})` : '–',
    met: bestProduce ? bestProduce.value >= 500_000 : undefined,
  });
  const bestConsume = best(consumeRate);
  targets.push({
    name: 'Sluice consume, 100 B',
    target: '≥ 1M records/s',
    measured: bestConsume ? `${fmtRate(bestConsume.value)} records/s (${CLIENTS[bestConsume.key].client})` : '–',
    met: bestConsume ? bestConsume.value >= 1_000_000 : undefined,
  });
  const sluiceRss = rows.filter((r) => CLIENTS[r.key].system === 'Sluice' && r.serverPeakRss).map((r) => r.serverPeakRss!);
  const peak = sluiceRss.length ? Math.max(...sluiceRss) : undefined;
  targets.push({
    name: 'Sluice broker peak RSS (any row)',
    target: '≤ 300 MiB',
    measured: peak ? `${fmt(toMiB(peak), 0)} MiB` : '–',
    met: peak ? toMiB(peak) <= 300 : undefined,
  });
  const paired = ratios(measured);
  for (const [label, key] of [
    ['Node vs Node: Sluice (@platformatic/kafka) vs NATS (nats.js)', 'sluice-node'],
    ['Best client each: Sluice (kcat) vs NATS (nats.js)', 'sluice-kcat'],
  ] as const) {
    for (const metric of ['produce', 'consume'] as const) {
      const r = paired.find((x) => x.size === 100 && x.numerator === key && x.denominator === 'nats' && x.metric === `${metric} rec/s`);
      targets.push({
        name: `≥ 2× NATS JetStream, ${metric}, 100 B — ${label}`,
        target: '≥ 2.00×',
        measured: r ? `${r.value.toFixed(2)}×${r.rounds > 1 ? ` (rounds: ${r.min.toFixed(2)}–${r.max.toFixed(2)})` : ''}` : '–',
        met: r ? r.value >= 2 : undefined,
      });
    }
  }
  return targets;
}
