/**
 * Consumption through a consumer group, one row = one client and member count, against data
 * loaded beforehand; the NATS JetStream counterpart is a durable pull consumer shared by the
 * same number of processes.
 *
 * Kafka rows: `members` processes subscribe to the topic with a fresh group id (so they start
 * from the earliest offsets). The clock runs from the first on_assign of any member to the last
 * record any member received; each member's per-partition tally (first and last offset, count,
 * gaps, repeats) is checked against the partitions' end offsets: together the members must hold
 * every offset of every partition exactly once.
 * NATS rows: the members connect and look up the consumer first, then all get `go` at once; the
 * clock runs from the first member's start of pulling to the last record; the members' sequence
 * maps must show every stream sequence 1..N exactly once.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSharedConsumer } from '../peers/nats-jetstream.ts';
import { startKafkaMember, type KafkaMemberClient } from '../sluice/group-members.ts';
import { kcatConsume } from '../sluice/kcat-load.ts';
import { MemberProcess, stopMembers, until, type MemberEvent } from './member-process.ts';
import type { PartitionTally } from './member-protocol.ts';
import { readCpuSeconds, readMachineBusySeconds, UsageSampler } from './process-stats.ts';

export type GroupClient = 'sluice-python' | 'sluice-node' | 'sluice-kcat' | 'nats';

export const GROUP_CLIENTS: Record<GroupClient, { system: string; client: string }> = {
  'sluice-kcat': { system: 'Sluice', client: 'reference: kcat -C, no group (assign)' },
  'sluice-python': { system: 'Sluice', client: 'confluent-kafka (librdkafka 2.0.2), Python' },
  'sluice-node': { system: 'Sluice', client: '@platformatic/kafka' },
  nats: { system: 'NATS JetStream', client: 'nats.js, shared durable pull consumer' },
};

export interface MemberSummary {
  name: string;
  records: number;
  /** Partitions of its (last) assignment; NATS members have none. */
  partitions?: number[];
  /** on_assign calls during the row (1 unless the group rebalanced mid-run). */
  assignments?: number;
  /** Each assignment: ms after the first one of any member, partitions, generation (Node client). */
  assigned?: { atMs: number; partitions: number[]; generation?: number }[];
  firstT?: number;
  lastT?: number;
  /** CPU seconds the member process used in all (start-up included), read just before it was stopped. */
  cpuSeconds?: number;
}

export interface GroupRow {
  client: GroupClient;
  members: number;
  round: number;
  records: number;
  size: number;
  partitions: number;
  /** First assignment (NATS: first pull) to the last record, seconds. */
  seconds?: number;
  /** Spawning the members to the first assignment (group formation, incl. the initial rebalance delay). */
  formationSeconds?: number;
  perMember: MemberSummary[];
  serverCpuSeconds?: number;
  /**
   * CPU seconds the rest of the machine (neither the server nor the members) used while the row
   * ran, from spawning the members to stopping them: other work competing for the 2 cores.
   */
  otherCpuSeconds?: number;
  failures: string[];
  errors: string[];
  notes: string[];
  /** The broker's log lines about the row's group, kept when the group rebalanced mid-run. */
  groupLog?: string[];
}

export interface RowContext {
  round: number;
  records: number;
  size: number;
  partitions: number;
  timeoutMs: number;
  stallMs: number;
  tmp: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
}

const NATS_MEMBER = resolve(import.meta.dirname, '../peers/nats-group-member.ts');

function progressSum(members: MemberProcess[]): number {
  return members.reduce((sum, m) => sum + Number(m.last('progress')?.records ?? 0), 0);
}

/** Waits until the members' progress adds up to `records`, or nothing arrived for `stallMs`. */
async function awaitAll(members: MemberProcess[], records: number, ctx: RowContext): Promise<number> {
  let seen = -1;
  let changedAt = performance.now();
  return until(
    'all records consumed',
    () => {
      const sum = progressSum(members);
      if (sum >= records) return sum;
      if (sum !== seen) {
        seen = sum;
        changedAt = performance.now();
      } else if (performance.now() - changedAt > ctx.stallMs) return sum;
      return undefined;
    },
    ctx.timeoutMs,
    members,
  );
}

/** Machine CPU time since `machineAtStart` that neither the server nor the members used. */
function othersUsed(machineAtStart: number | undefined, serverCpu: number | undefined, memberCpu: (number | undefined)[]): number | undefined {
  const now = readMachineBusySeconds();
  if (machineAtStart === undefined || now === undefined || serverCpu === undefined || memberCpu.some((c) => c === undefined)) return undefined;
  return Math.max(0, now - machineAtStart - serverCpu - memberCpu.reduce((a: number, b) => a + b!, 0));
}

function finals(members: MemberProcess[], row: GroupRow): MemberEvent[] {
  const out: MemberEvent[] = [];
  for (const m of members) {
    const final = m.last('final');
    if (!final) row.errors.push(`${m.name} gave no final report\n${m.describe()}`);
    else out.push(final);
  }
  return out;
}

/** Kafka: together the members hold offsets 0..end-1 of every partition exactly once. */
export function checkPartitions(tallies: { name: string; partitions: Record<string, PartitionTally> }[], ends: number[], size: number): string[] {
  const failures: string[] = [];
  ends.forEach((end, p) => {
    const holders = tallies.map((t) => ({ name: t.name, s: t.partitions[String(p)] })).filter((h) => h.s !== undefined) as { name: string; s: PartitionTally }[];
    const count = holders.reduce((sum, h) => sum + h.s[2], 0);
    for (const { name, s } of holders) {
      const [first, last, , gaps, repeats, wrong] = s;
      if (gaps) failures.push(`partition ${p}: ${name} skipped offsets ${gaps} time(s)`);
      if (repeats) failures.push(`partition ${p}: ${name} got ${repeats} record(s) again (offset at or below one it had)`);
      if (wrong) failures.push(`partition ${p}: ${name} got ${wrong} record(s) not ${size} bytes`);
      if (first < 0 || last >= end) failures.push(`partition ${p}: ${name} read offsets ${first}..${last} outside 0..${end - 1}`);
    }
    if (count !== end) failures.push(`partition ${p}: ${count} records consumed across members, ${end} stored`);
    const ranges = holders.map((h) => [h.s[0], h.s[1]] as const).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < ranges.length; i++) {
      if (ranges[i]![0] <= ranges[i - 1]![1]) failures.push(`partition ${p}: two members read overlapping offsets (${ranges[i - 1]!.join('..')} and ${ranges[i]!.join('..')})`);
    }
    if (end > 0 && (ranges.length === 0 || ranges[0]![0] !== 0 || Math.max(...ranges.map((r) => r[1])) !== end - 1)) {
      failures.push(`partition ${p}: offsets read do not span 0..${end - 1}`);
    }
  });
  return failures;
}

export async function runKafkaRow(client: 'sluice-python' | 'sluice-node', members: number, broker: { bootstrap: string; pid: number; output?: string[] }, topic: string, ends: number[], ctx: RowContext): Promise<GroupRow> {
  const row: GroupRow = { client, members, round: ctx.round, records: ctx.records, size: ctx.size, partitions: ctx.partitions, perMember: [], failures: [], errors: [], notes: [] };
  const kind: KafkaMemberClient = client === 'sluice-python' ? 'python' : 'node';
  const group = `bench-${client}-${members}-r${ctx.round}-${Date.now()}`;
  const sampler = new UsageSampler(broker.pid);
  const machineAtStart = readMachineBusySeconds();
  const spawned: MemberProcess[] = [];
  let cpu: (number | undefined)[] = [];
  try {
    for (let i = 1; i <= members; i++) {
      spawned.push(
        startKafkaMember(kind, {
          bootstrap: broker.bootstrap,
          topic,
          group,
          name: `${client}-${members}m-${i}`,
          size: ctx.size,
          sessionTimeoutMs: ctx.sessionTimeoutMs,
          heartbeatIntervalMs: ctx.heartbeatIntervalMs,
        }),
      );
    }
    const consumed = await awaitAll(spawned, ctx.records, ctx);
    if (consumed < ctx.records) row.failures.push(`only ${consumed} of ${ctx.records} records arrived (nothing more for ${ctx.stallMs / 1000} s)`);
  } catch (error) {
    row.errors.push((error as Error).message);
  } finally {
    row.serverCpuSeconds = sampler.stop().cpuSeconds;
    cpu = spawned.map((m) => readCpuSeconds(m.pid));
    row.otherCpuSeconds = othersUsed(machineAtStart, row.serverCpuSeconds, cpu);
    await stopMembers(spawned);
  }
  const reports = finals(spawned, row);
  const assigned = spawned.flatMap((m) => m.all('assigned')).filter((e) => (e.partitions as number[]).length > 0);
  const t0 = assigned.length ? Math.min(...assigned.map((e) => e.t)) : undefined;
  const lastTs = reports.map((f) => f.last_t as number | null).filter((t): t is number => typeof t === 'number');
  if (t0 !== undefined && lastTs.length) row.seconds = (Math.max(...lastTs) - t0) / 1000;
  if (t0 !== undefined) row.formationSeconds = (t0 - Math.min(...spawned.map((m) => m.spawnedAt))) / 1000;
  row.perMember = spawned.map((m, i) => {
    const final = m.last('final');
    return {
      name: m.name,
      records: Number(final?.records ?? 0),
      partitions: m.last('assigned')?.partitions as number[] | undefined,
      assignments: m.all('assigned').length,
      assigned: m.all('assigned').map((e) => ({ atMs: e.t - (t0 ?? e.t), partitions: e.partitions as number[], generation: e.generation as number | undefined })),
      firstT: (final?.first_t as number | undefined) ?? undefined,
      lastT: (final?.last_t as number | undefined) ?? undefined,
      cpuSeconds: cpu[i],
    };
  });
  const rebalanced = row.perMember.filter((m) => (m.assignments ?? 0) > 1);
  if (rebalanced.length) {
    row.notes.push(`the group rebalanced during the run (${rebalanced.map((m) => `${m.name}: assignments at ${m.assigned!.map((a) => `${a.atMs.toFixed(0)} ms [${a.partitions.join(',')}]`).join(', ')}`).join('; ')})`);
    row.groupLog = broker.output?.filter((line) => line.includes(`"groupId":"${group}"`));
  }
  for (const m of spawned) for (const e of m.all('error')) row.notes.push(`${m.name} consumer error: ${JSON.stringify(e)}`);
  if (reports.length === spawned.length) {
    row.failures.push(...checkPartitions(reports.map((f, i) => ({ name: spawned[i]!.name, partitions: f.partitions as Record<string, PartitionTally> })), ends, ctx.size));
  }
  return row;
}

export async function runNatsRow(members: number, server: { url: string; pid: number }, stream: string, ctx: RowContext): Promise<GroupRow> {
  const row: GroupRow = { client: 'nats', members, round: ctx.round, records: ctx.records, size: ctx.size, partitions: 1, perMember: [], failures: [], errors: [], notes: [] };
  const durable = `group_${members}_r${ctx.round}`;
  const spawned: MemberProcess[] = [];
  const seenFiles: string[] = [];
  const sampler = new UsageSampler(server.pid);
  const machineAtStart = readMachineBusySeconds();
  let cpu: (number | undefined)[] = [];
  try {
    await createSharedConsumer(server.url, stream, durable);
    for (let i = 1; i <= members; i++) {
      const seenFile = join(ctx.tmp, `${durable}-${i}.seen`);
      seenFiles.push(seenFile);
      const settings = { url: server.url, stream, durable, records: ctx.records, size: ctx.size, seenFile };
      spawned.push(new MemberProcess(`nats-${members}m-${i}`, process.execPath, ['--max-old-space-size=4096', NATS_MEMBER, JSON.stringify(settings)]));
    }
    await until('NATS members ready', () => (spawned.every((m) => m.last('ready')) ? true : undefined), 60_000, spawned);
    for (const m of spawned) m.send('go');
    const consumed = await awaitAll(spawned, ctx.records, ctx);
    if (consumed < ctx.records) row.failures.push(`only ${consumed} of ${ctx.records} records arrived (nothing more for ${ctx.stallMs / 1000} s)`);
  } catch (error) {
    row.errors.push((error as Error).message);
  } finally {
    row.serverCpuSeconds = sampler.stop().cpuSeconds;
    cpu = spawned.map((m) => readCpuSeconds(m.pid));
    row.otherCpuSeconds = othersUsed(machineAtStart, row.serverCpuSeconds, cpu);
    await stopMembers(spawned);
  }
  const reports = finals(spawned, row);
  const started = spawned.map((m) => m.last('started')?.t).filter((t): t is number => t !== undefined);
  const lastTs = reports.map((f) => f.last_t as number | null).filter((t): t is number => typeof t === 'number');
  if (started.length && lastTs.length) row.seconds = (Math.max(...lastTs) - Math.min(...started)) / 1000;
  row.perMember = spawned.map((m, i) => {
    const final = m.last('final');
    return { name: m.name, records: Number(final?.records ?? 0), firstT: final?.first_t as number | undefined, lastT: final?.last_t as number | undefined, cpuSeconds: cpu[i] };
  });
  for (const f of reports) {
    if (Number(f.wrong_size)) row.failures.push(`${f.wrong_size} records were not ${ctx.size} bytes`);
    if (Number(f.out_of_range)) row.failures.push(`${f.out_of_range} records had a stream sequence outside 1..${ctx.records}`);
  }
  if (reports.length === spawned.length) {
    // Every stream sequence 1..N exactly once across the members.
    const total = new Uint16Array(ctx.records + 1);
    for (const file of seenFiles) {
      const seen = readFileSync(file);
      for (let seq = 1; seq <= ctx.records; seq++) total[seq]! += seen[seq]!;
      rmSync(file, { force: true });
    }
    let missing = 0;
    let twice = 0;
    for (let seq = 1; seq <= ctx.records; seq++) {
      if (total[seq] === 0) missing++;
      else if (total[seq]! > 1) twice++;
    }
    if (missing) row.failures.push(`${missing} stream sequences never arrived`);
    if (twice) row.failures.push(`${twice} stream sequences arrived more than once`);
  }
  return row;
}

/**
 * Reference row, no group: kcat -C reading every partition from the beginning (the consumer of
 * the throughput bench, bench/sluice/kcat-load.ts). Shows what librdkafka in C reaches on the same
 * topic without a group and without a Python loop; checked by count and value sizes only.
 */
export async function runKcatReferenceRow(broker: { bootstrap: string; pid: number }, topic: string, ctx: RowContext): Promise<GroupRow> {
  const row: GroupRow = { client: 'sluice-kcat', members: 1, round: ctx.round, records: ctx.records, size: ctx.size, partitions: ctx.partitions, perMember: [], failures: [], errors: [], notes: [] };
  const sampler = new UsageSampler(broker.pid);
  const outputFile = join(ctx.tmp, 'kcat-reference.consumed');
  try {
    const result = await kcatConsume({ bootstrap: broker.bootstrap, topic, records: ctx.records, size: ctx.size, outputFile, timeoutMs: ctx.timeoutMs });
    if (result.exitCode !== 0) row.errors.push(`kcat -C exited with ${result.exitCode}\n${result.stderr.slice(-20).join('\n')}`);
    row.seconds = result.seconds;
    row.perMember = [{ name: 'kcat', records: result.records }];
    if (result.records !== ctx.records) row.failures.push(`${result.records} records read, expected ${ctx.records}`);
    if (result.wrongSize) row.failures.push(`${result.wrongSize} records were not ${ctx.size} bytes`);
  } catch (error) {
    row.errors.push((error as Error).message);
  } finally {
    row.serverCpuSeconds = sampler.stop().cpuSeconds;
    rmSync(outputFile, { force: true });
  }
  return row;
}
