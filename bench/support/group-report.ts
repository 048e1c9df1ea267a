/** Tables of the consumer-group benchmark (bench/group-throughput.ts). */
import type { RebalanceReport, RebalanceStep, StepKind } from '../sluice/group-rebalance.ts';
import { GROUP_CLIENTS, type GroupClient, type GroupRow } from './group-rows.ts';
import { fmt, fmtRate, fmtSize, markdownTable, rate, textTable } from './report.ts';

export interface GroupRunReport {
  startedAt: string;
  command: string;
  machine: string;
  loadAverage: { before: number; after: number };
  options: Record<string, unknown>;
  /** Loading the data before the rows: one per system and round. */
  preload: { system: string; round: number; records: number; seconds?: number; note: string }[];
  /** Every row of every round as measured. */
  rows: GroupRow[];
  rebalance?: RebalanceReport;
}

const median = (values: number[]): number | undefined => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : undefined;
};

const rowRate = (row: GroupRow) => (row.seconds ? rate(row.records, row.seconds) : Number.NaN);

function groups(rows: GroupRow[]): GroupRow[][] {
  const byKey = new Map<string, GroupRow[]>();
  for (const row of rows) byKey.set(`${row.client}|${row.members}`, [...(byKey.get(`${row.client}|${row.members}`) ?? []), row]);
  return [...byKey.values()];
}

const THROUGHPUT_HEADERS = [
  'system',
  'client',
  'members',
  'parts',
  'records',
  'size',
  'consume rec/s',
  'MB/s',
  'rounds (min – max rec/s)',
  'records per member',
  'member CPU s (each)',
  'group formed s',
  'server CPU s / 1M rec',
  'other processes CPU s',
];

function throughputCells(rounds: GroupRow[]): string[] {
  const first = rounds[0]!;
  const rates = rounds.map(rowRate).filter(Number.isFinite);
  const mid = median(rates);
  const midRow = rounds.find((r) => rowRate(r) === mid) ?? first;
  const { system, client } = GROUP_CLIENTS[first.client];
  const spread = rates.length > 1 ? `${rates.length} (${fmtRate(Math.min(...rates))} – ${fmtRate(Math.max(...rates))})` : String(rates.length);
  const cpu = midRow.serverCpuSeconds;
  return [
    system,
    client,
    String(first.members),
    String(first.partitions),
    first.records.toLocaleString('en-US'),
    fmtSize(first.size),
    fmtRate(mid),
    mid === undefined ? '–' : fmt((mid * first.size) / 1e6),
    spread,
    midRow.perMember.map((m) => m.records.toLocaleString('en-US')).join(' / '),
    midRow.perMember.map((m) => fmt(m.cpuSeconds, 2)).join(' / '),
    fmt(midRow.formationSeconds, 2),
    cpu === undefined || !Number.isFinite(cpu) ? '–' : fmt(cpu / (first.records / 1e6), 2),
    fmt(midRow.otherCpuSeconds, 2),
  ];
}

interface GroupRatio {
  label: string;
  value: number;
  min: number;
  max: number;
  rounds: number;
}

/** Within each round, Sluice over NATS at the same member count, and 3 members over 1; median over rounds. */
export function groupRatios(rows: GroupRow[]): GroupRatio[] {
  const out: GroupRatio[] = [];
  const roundsSeen = [...new Set(rows.map((r) => r.round))];
  const memberCounts = [...new Set(rows.map((r) => r.members))].sort((a, b) => a - b);
  const find = (client: GroupClient, members: number, round: number) => rows.find((r) => r.client === client && r.members === members && r.round === round);
  const push = (label: string, pairs: [GroupRow | undefined, GroupRow | undefined][]) => {
    const values = pairs.map(([a, b]) => (a && b ? rowRate(a) / rowRate(b) : Number.NaN)).filter(Number.isFinite).sort((x, y) => x - y);
    if (values.length) out.push({ label, value: values[Math.floor((values.length - 1) / 2)]!, min: values[0]!, max: values[values.length - 1]!, rounds: values.length });
  };
  for (const members of memberCounts) {
    for (const sluice of ['sluice-python', 'sluice-node'] as const) {
      push(`${members} member(s): Sluice (${GROUP_CLIENTS[sluice].client}) / NATS JetStream (nats.js)`, roundsSeen.map((r) => [find(sluice, members, r), find('nats', members, r)]));
    }
  }
  const [low, high] = [memberCounts[0], memberCounts[memberCounts.length - 1]];
  if (low !== undefined && high !== undefined && high !== low) {
    for (const client of ['sluice-python', 'sluice-node', 'nats'] as const) {
      push(`${high} members / ${low}: ${GROUP_CLIENTS[client].system} (${GROUP_CLIENTS[client].client})`, roundsSeen.map((r) => [find(client, high, r), find(client, low, r)]));
    }
  }
  return out;
}

function ratioCells(r: GroupRatio): string[] {
  return [r.label, `${r.value.toFixed(2)}×${r.rounds > 1 ? ` (${r.min.toFixed(2)}–${r.max.toFixed(2)}, ${r.rounds} rounds)` : ''}`];
}

const STEP_HEADERS = [
  'step',
  'n',
  'all assigned ms',
  'all partitions flowing ms',
  "departed member's partitions flowing ms",
  'longest stop of a staying member ms',
  'staying members learned ms apart',
  'broker: rebalance starts ms',
  'broker: member removed ms',
  'broker: join phase done ms',
  'records delivered again (total)',
  'records skipped (total)',
  'extra rebalances',
];

const STEP_LABEL: Record<StepKind, string> = {
  join: 'member joins (2 → 3)',
  kill: 'member SIGKILLed (3 → 2)',
  leave: 'member leaves cleanly (3 → 2)',
};

/** "median (min–max)" */
function spreadOf(values: (number | undefined)[]): string {
  const v = values.filter((x): x is number => x !== undefined && Number.isFinite(x));
  if (!v.length) return '–';
  const mid = median(v)!;
  return v.length > 1 ? `${mid.toFixed(0)} (${Math.min(...v).toFixed(0)}–${Math.max(...v).toFixed(0)})` : mid.toFixed(0);
}

function stepCells(kind: StepKind, steps: RebalanceStep[]): string[] {
  return [
    STEP_LABEL[kind],
    String(steps.length),
    spreadOf(steps.map((s) => s.assignedMs)),
    spreadOf(steps.map((s) => s.flowingMs)),
    kind === 'join' ? '–' : spreadOf(steps.map((s) => s.movedMs)),
    spreadOf(steps.map((s) => s.pauseMs)),
    spreadOf(steps.map((s) => s.revokeSpreadMs)),
    spreadOf(steps.map((s) => s.broker.prepareMs)),
    kind === 'join' ? '–' : spreadOf(steps.map((s) => s.broker.removedMs)),
    spreadOf(steps.map((s) => s.broker.rebalancedMs)),
    String(steps.reduce((sum, s) => sum + s.handover.redelivered, 0)),
    String(steps.reduce((sum, s) => sum + s.handover.skipped, 0)) + (steps.some((s) => s.handover.unknown) ? ` (${steps.reduce((sum, s) => sum + s.handover.unknown, 0)} unknown)` : ''),
    String(steps.reduce((sum, s) => sum + s.extraAssignments, 0)),
  ];
}

function rebalanceSettings(rb: RebalanceReport): string[] {
  const s = rb.settings as { librdkafka?: Record<string, string>; brokerConfig?: Record<string, unknown>; partitions?: number; backgroundRecordsPerSecond?: number; settleMs?: number };
  const lk = s.librdkafka ?? {};
  const initialDelay = (s.brokerConfig?.['group.initial.rebalance.delay.ms'] as number | undefined) ?? 3000;
  return [
    `session.timeout.ms=${lk['session.timeout.ms']}, heartbeat.interval.ms=${lk['heartbeat.interval.ms']}, partition.assignment.strategy=${lk['partition.assignment.strategy']}, auto commit ${lk['enable.auto.commit']}`,
    `broker group.initial.rebalance.delay.ms=${initialDelay}${s.brokerConfig?.['group.initial.rebalance.delay.ms'] === undefined ? ' (default)' : ''}, group.min.session.timeout.ms=${(s.brokerConfig?.['group.min.session.timeout.ms'] as number | undefined) ?? '6000 (default)'}`,
    `${s.partitions} partitions, background load ${s.backgroundRecordsPerSecond} records/s (kcat), ${s.settleMs} ms of steady consumption between steps`,
    `first join of the group (2 members, includes the initial rebalance delay): ${rb.initialJoinMs === undefined ? '–' : `${rb.initialJoinMs.toFixed(0)} ms`}`,
    `offsets a member received twice itself, whole run: ${Object.values(rb.repeats).reduce((a, b) => a + b, 0)} (handovers between members are in the table)`,
  ];
}

function render(report: GroupRunReport, table: (headers: string[], body: string[][]) => string, markdown: boolean): string {
  const parts: string[] = [];
  const bullet = markdown ? '- ' : '';
  const code = (s: string) => (markdown ? `\`${s}\`` : s);
  parts.push(`${bullet}Date: ${report.startedAt}`);
  parts.push(`${bullet}Machine: ${report.machine}`);
  parts.push(`${bullet}Command: ${code(report.command)}`);
  parts.push(`${bullet}Load average (1 min) before/after: ${report.loadAverage.before.toFixed(2)} / ${report.loadAverage.after.toFixed(2)}`);
  for (const p of report.preload) {
    parts.push(`${bullet}Preload, round ${p.round}, ${p.system}: ${p.records.toLocaleString('en-US')} records in ${p.seconds === undefined ? '–' : `${p.seconds.toFixed(2)} s`} (${p.note})`);
  }
  if (report.rows.length) {
    parts.push('');
    parts.push(table(THROUGHPUT_HEADERS, groups(report.rows).map(throughputCells)));
    const rs = groupRatios(report.rows);
    if (rs.length) {
      parts.push('');
      parts.push(table(['ratio (consume rec/s, same round)', 'value'], rs.map(ratioCells)));
    }
  }
  const rb = report.rebalance;
  if (rb) {
    parts.push('');
    parts.push(...rebalanceSettings(rb).map((l) => `${bullet}${l}`));
    parts.push('');
    const kinds = (['join', 'kill', 'leave'] as const).filter((k) => rb.steps.some((s) => s.kind === k));
    parts.push(table(STEP_HEADERS, kinds.map((k) => stepCells(k, rb.steps.filter((s) => s.kind === k)))));
  }
  const problems = [
    ...report.rows.flatMap((r) => [
      ...r.failures.map((f) => `FAIL ${r.client} ×${r.members} round ${r.round}: ${f}`),
      ...r.errors.map((e) => `ERROR ${r.client} ×${r.members} round ${r.round}: ${e}`),
      ...r.notes.map((n) => `note ${r.client} ×${r.members} round ${r.round}: ${n}`),
    ]),
    ...(rb ? [...rb.failures.map((f) => `FAIL rebalance: ${f}`), ...rb.errors.map((e) => `ERROR rebalance: ${e}`), ...rb.brokerWarnings.slice(0, 10).map((w) => `rebalance warning: ${w}`)] : []),
  ];
  if (problems.length) {
    parts.push('');
    parts.push(...problems.map((p) => `${bullet}${p}`));
  }
  return parts.join('\n');
}

export const renderGroupText = (report: GroupRunReport) => render(report, textTable, false);
export const renderGroupMarkdown = (report: GroupRunReport) => render(report, markdownTable, true);
