/** Tables and verdicts of the runtime benchmark (bench/runtime-throughput.ts). */
import { fmt, fmtRate, markdownTable, rate, textTable } from '../support/report.ts';
import { toMiB } from '../support/process-stats.ts';
import type { RuntimeBenchOptions } from './options.ts';
import type { RebalanceResult } from './rebalance.ts';
import type { PhaseResult, ThroughputPhase } from './throughput.ts';

export interface RuntimeReport {
  startedAt: string;
  command: string;
  machine: string;
  loadAverage: { before: number; after: number };
  options: RuntimeBenchOptions;
  /** Mean key and value bytes of the records (as the raw producer made them). */
  recordBytes?: { key: number; value: number };
  /** The median round of each throughput phase. */
  throughput: PhaseResult[];
  /** Every round of every throughput phase. */
  measured: PhaseResult[];
  ratios: Ratio[];
  rebalance: RebalanceResult[];
  targets: Target[];
}

export interface Ratio {
  name: string;
  numerator: RatioTerm;
  denominator: RatioTerm;
  /** Median over the rounds of the per-round ratio. */
  value: number;
  min: number;
  max: number;
  rounds: number;
}

/** A phase, or `no-runtime`: the better of the two no-runtime phases of the round. */
export type RatioTerm = ThroughputPhase | 'no-runtime';

export interface Target {
  name: string;
  wanted: string;
  measured: string;
  met: boolean | undefined;
  /** A reference figure shown beside the targets, not a target itself. */
  reference?: boolean;
}

const PHASE_LABEL: Record<ThroughputPhase, string> = {
  raw: 'raw producer (runtime-like)',
  'raw-best': 'raw producer (best window)',
  'no-runtime-2': 'no runtime, 2 threads (e2e work)',
  'no-runtime-3': 'no runtime, 3 threads (e2e work)',
  source: 'runtime: datagen only',
  e2e: 'runtime: datagen -> discard sink',
};

export const phaseRate = (r: PhaseResult | undefined): number | undefined =>
  r && r.seconds !== undefined && r.errors.length === 0 ? rate(r.records, r.seconds) : undefined;

const steadyRate = (r: PhaseResult): number | undefined => (r.steadySeconds !== undefined && r.errors.length === 0 ? rate(r.records, r.steadySeconds) : undefined);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** The median round of each phase, by rate (rounds that failed to run are left out). */
export function medianRounds(measured: PhaseResult[]): PhaseResult[] {
  const out: PhaseResult[] = [];
  for (const phase of ['raw', 'raw-best', 'no-runtime-2', 'no-runtime-3', 'source', 'e2e'] as ThroughputPhase[]) {
    const rows = measured.filter((r) => r.phase === phase);
    if (rows.length === 0) continue;
    const ok = rows.filter((r) => phaseRate(r) !== undefined).sort((a, b) => phaseRate(a)! - phaseRate(b)!);
    out.push(ok.length > 0 ? ok[Math.floor((ok.length - 1) / 2)]! : rows[0]!);
  }
  return out;
}

/** A round's rate of a phase, or of the better no-runtime phase. */
function termRate(measured: PhaseResult[], round: number, term: RatioTerm): number | undefined {
  const of = (phase: ThroughputPhase) => phaseRate(measured.find((r) => r.round === round && r.phase === phase));
  if (term !== 'no-runtime') return of(term);
  const rates = [of('no-runtime-2'), of('no-runtime-3')].filter((v): v is number => v !== undefined);
  return rates.length ? Math.max(...rates) : undefined;
}

export function computeRatios(measured: PhaseResult[]): Ratio[] {
  const pairs: [RatioTerm, RatioTerm, string][] = [
    ['e2e', 'raw', 'end to end / raw producer (runtime-like)'],
    ['source', 'raw', 'datagen only / raw producer (runtime-like)'],
    ['e2e', 'raw-best', 'end to end / raw producer (best window)'],
    ['source', 'raw-best', 'datagen only / raw producer (best window)'],
    ['no-runtime-2', 'raw', 'no runtime, 2 threads / raw producer (runtime-like)'],
    ['no-runtime-3', 'raw', 'no runtime, 3 threads / raw producer (runtime-like)'],
    ['no-runtime', 'raw', 'no runtime, better of 2 and 3 threads / raw producer (runtime-like): the ceiling here'],
    ['e2e', 'no-runtime', 'end to end / no runtime, better of 2 and 3 threads: the share of the ceiling the runtime keeps'],
  ];
  const rounds = [...new Set(measured.map((r) => r.round))];
  const out: Ratio[] = [];
  for (const [numerator, denominator, name] of pairs) {
    const values: number[] = [];
    for (const round of rounds) {
      const n = termRate(measured, round, numerator);
      const d = termRate(measured, round, denominator);
      if (n !== undefined && d !== undefined) values.push(n / d);
    }
    if (values.length) out.push({ name, numerator, denominator, value: median(values), min: Math.min(...values), max: Math.max(...values), rounds: values.length });
  }
  return out;
}

const roundsText = (r: Ratio) => `${r.value.toFixed(2)}×${r.rounds > 1 ? ` (rounds ${r.min.toFixed(2)}–${r.max.toFixed(2)})` : ''}`;

export function evaluateTargets(ratios: Ratio[]): Target[] {
  const targets: Target[] = [];
  for (const [numerator, what] of [
    ['e2e', 'end to end (datagen -> broker -> discard sink)'],
    ['source', 'source side only (datagen -> broker)'],
  ] as const) {
    const r = ratios.find((x) => x.numerator === numerator && x.denominator === 'raw');
    if (!r) continue;
    targets.push({ name: `runtime ${what} vs the raw @platformatic/kafka producer`, wanted: '≥ 0.50× of the raw client rate', measured: roundsText(r), met: r.value >= 0.5 });
  }
  const ceiling = ratios.find((x) => x.numerator === 'no-runtime' && x.denominator === 'raw');
  if (ceiling) {
    targets.push({ name: 'reference: the end-to-end work without any runtime (better of 2 and 3 threads) vs the raw producer', wanted: '–', measured: roundsText(ceiling), met: undefined, reference: true });
  }
  return targets;
}

function batchCell(r: PhaseResult): string {
  const b = r.batches;
  if (!b || b.batches === 0) return '–';
  return `${Math.round(b.records / b.batches).toLocaleString('en-US')} / ${b.maxRecords.toLocaleString('en-US')} (${Math.round(b.bytes / b.batches / 1024)} KiB)`;
}

function cpuPerRecord(seconds: number | undefined, records: number): string {
  return seconds === undefined || !Number.isFinite(seconds) ? '–' : (seconds * 1e6 / records).toFixed(1);
}

const THROUGHPUT_HEADERS = [
  'phase', 'records', 's (total)', 'records/s', 'records/s after 1st', 'vs raw', '1st record s', 'process CPU µs/rec', 'broker CPU µs/rec', 'process peak RSS MiB', 'records per stored batch: mean / max (mean size)',
];

function throughputCells(r: PhaseResult, raw: number | undefined): string[] {
  const value = phaseRate(r);
  return [
    PHASE_LABEL[r.phase],
    r.records.toLocaleString('en-US'),
    fmt(r.seconds, 2),
    r.errors.length ? 'ERROR' : fmtRate(value),
    r.phase === 'source' || r.phase === 'e2e' ? fmtRate(steadyRate(r)) : '',
    value !== undefined && raw !== undefined ? `${(value / raw).toFixed(2)}×` : '–',
    fmt(r.firstRecordSeconds, 2),
    cpuPerRecord(r.clientCpuSeconds, r.records),
    cpuPerRecord(r.brokerCpuSeconds, r.records),
    r.clientPeakRss ? fmt(toMiB(r.clientPeakRss), 0) : '–',
    batchCell(r),
  ];
}

const SPREAD_HEADERS = ['phase', 'rounds', 'records/s min – max', 'records/s per round'];

function spreadRows(report: RuntimeReport): string[][] {
  if (report.options.rounds < 2) return [];
  return report.throughput.map((median) => {
    const rates = report.measured.filter((r) => r.phase === median.phase).map(phaseRate).filter((v): v is number => v !== undefined);
    return [PHASE_LABEL[median.phase], String(rates.length), rates.length ? `${fmtRate(Math.min(...rates))} – ${fmtRate(Math.max(...rates))}` : '–', rates.map(fmtRate).join(', ')];
  });
}

const REBALANCE_HEADERS = [
  'scheduled.rebalance.max.delay.ms', 'session.timeout.ms', 'sink consumer session.timeout.ms', 'killed', 'moved', 'kill → survivor rejoined s', 'kill → all RUNNING on survivor s', 'kill → moved sink got records s', 'sink task that stayed: longest stall s', 'work that stayed: stopped?',
];

function rebalanceCells(r: RebalanceResult): string[] {
  return [
    r.delayMs.toLocaleString('en-US'),
    r.sessionTimeoutMs.toLocaleString('en-US'),
    r.sinkSessionTimeoutMs === undefined ? `${r.sessionTimeoutMs.toLocaleString('en-US')} (default: the worker's)` : r.sinkSessionTimeoutMs.toLocaleString('en-US'),
    r.victim,
    r.moved.length ? r.moved.join(', ') : '–',
    fmt(r.rejoinSeconds, 2),
    r.errors.length ? 'ERROR' : fmt(r.seconds, 2),
    fmt(r.sinkResumedSeconds, 2),
    Object.values(r.sinkStalls).length ? fmt(Math.max(...Object.values(r.sinkStalls)), 2) : '–',
    r.disturbed.length ? `yes (${r.disturbed.length})` : r.errors.length ? '–' : 'no',
  ];
}

function rebalanceDetail(r: RebalanceResult): string[] {
  const lines = [`delay ${r.delayMs} ms${r.sinkSessionTimeoutMs === undefined ? '' : `, sink consumer session ${r.sinkSessionTimeoutMs} ms`}: killed ${r.victimWorker ?? '?'}, survivor ${r.survivorWorker ?? '?'}; formation ${fmt(r.formationSeconds, 1)} s`];
  for (const a of r.assignments) {
    lines.push(`  +${a.atSeconds.toFixed(2)} s survivor assignment gen ${a.generation ?? '?'}${a.leader ? ' (leader)' : ''}${a.delayMs ? `, delay ${a.delayMs} ms` : ''}: assigned ${JSON.stringify(a.assigned)} revoked ${JSON.stringify(a.revoked)}`);
  }
  for (const t of r.timeline) lines.push(`  +${t.atSeconds.toFixed(2)} s status ${t.unit} ${t.state} on ${t.worker}`);
  for (const [unit, gap] of Object.entries(r.sinkStalls)) lines.push(`  ${unit} (stayed) got no records for up to ${gap.toFixed(2)} s after the kill`);
  for (const d of r.disturbed) lines.push(`  disturbed: ${d}`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines;
}

function problems(report: RuntimeReport): string[] {
  const lines: string[] = [];
  for (const r of report.measured) {
    for (const f of r.failures) lines.push(`FAILURE ${r.phase} round ${r.round}: ${f}`);
    for (const e of r.errors) lines.push(`ERROR ${r.phase} round ${r.round}: ${e}`);
  }
  for (const r of report.rebalance) {
    for (const f of r.failures) lines.push(`FAILURE rebalance (delay ${r.delayMs}, sink session ${r.sinkSessionTimeoutMs ?? 'default'}): ${f}`);
    for (const e of r.errors) lines.push(`ERROR rebalance (delay ${r.delayMs}, sink session ${r.sinkSessionTimeoutMs ?? 'default'}): ${e}`);
  }
  return lines;
}

function headerLines(report: RuntimeReport): string[] {
  const w = report.options.workload;
  const size = report.recordBytes ? `, mean record ${report.recordBytes.key.toFixed(1)} B key + ${report.recordBytes.value.toFixed(1)} B value` : '';
  return [
    `Date: ${report.startedAt}`,
    `Machine: ${report.machine}`,
    `Command: ${report.command}`,
    `Load average (1 min) before/after: ${report.loadAverage.before.toFixed(2)} / ${report.loadAverage.after.toFixed(2)}`,
    `Workload: datagen quickstart ${w.quickstart} (seed ${w.seed}, key.space ${w.keySpace}), key StringConverter, value JsonConverter schemas.enable=${w.schemas}${size}; ${w.partitions} partition(s), tasks.max ${w.tasks}; ${report.options.rounds} round(s), median shown`,
  ];
}

export function renderText(report: RuntimeReport): string {
  const parts = [...headerLines(report), ''];
  const raw = phaseRate(report.throughput.find((r) => r.phase === 'raw'));
  if (report.throughput.length) {
    parts.push(textTable(THROUGHPUT_HEADERS, report.throughput.map((r) => throughputCells(r, raw))), '');
    const spread = spreadRows(report);
    if (spread.length) parts.push(textTable(SPREAD_HEADERS, spread), '');
    for (const r of report.throughput) parts.push(`${PHASE_LABEL[r.phase]}: ${r.setup}${r.notes.length ? `\n  ${r.notes.join('\n  ')}` : ''}`);
    parts.push('');
  }
  if (report.ratios.length) {
    parts.push(textTable(['ratio', 'value'], report.ratios.map((r) => [r.name, `${r.value.toFixed(2)}×${r.rounds > 1 ? ` (${r.min.toFixed(2)}–${r.max.toFixed(2)}, ${r.rounds} rounds)` : ''}`])), '');
  }
  if (report.rebalance.length) {
    parts.push(textTable(REBALANCE_HEADERS, report.rebalance.map(rebalanceCells)), '');
    for (const r of report.rebalance) parts.push(...rebalanceDetail(r));
    parts.push('');
  }
  if (report.targets.length) parts.push(textTable(['target', 'wanted', 'measured', 'verdict'], report.targets.map(targetCells)), '');
  const issues = problems(report);
  if (issues.length) parts.push(...issues);
  return parts.join('\n');
}

function targetCells(t: Target): string[] {
  return [t.name, t.wanted, t.measured, t.reference ? 'reference' : t.met === undefined ? 'not measured' : t.met ? 'met' : 'NOT met'];
}

export function renderMarkdown(report: RuntimeReport): string {
  const parts = headerLines(report).map((l) => `- ${l.replace(/^Command: (.*)$/, 'Command: `$1`')}`);
  parts.push('');
  const raw = phaseRate(report.throughput.find((r) => r.phase === 'raw'));
  if (report.throughput.length) parts.push(markdownTable(THROUGHPUT_HEADERS, report.throughput.map((r) => throughputCells(r, raw))), '');
  const spread = spreadRows(report);
  if (spread.length) parts.push(markdownTable(SPREAD_HEADERS, spread), '');
  if (report.ratios.length) {
    parts.push(markdownTable(['ratio', 'value'], report.ratios.map((r) => [r.name, `${r.value.toFixed(2)}×${r.rounds > 1 ? ` (${r.min.toFixed(2)}–${r.max.toFixed(2)}, ${r.rounds} rounds)` : ''}`])), '');
  }
  if (report.rebalance.length) parts.push(markdownTable(REBALANCE_HEADERS, report.rebalance.map(rebalanceCells)), '');
  if (report.targets.length) parts.push(markdownTable(['target', 'wanted', 'measured', 'verdict'], report.targets.map(targetCells)), '');
  const issues = problems(report);
  if (issues.length) parts.push(...issues.map((l) => `- ${l.split('\n')[0]}`));
  return parts.join('\n');
}
