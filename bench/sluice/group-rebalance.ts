/**
 * Rebalance times of a Kafka consumer group on the Sluice broker, seen from the members.
 *
 * One fresh broker, one topic of `partitions` partitions that a background kcat producer keeps
 * feeding (`recordsPerSecond`, spread over every partition), one group of librdkafka members
 * (bench/sluice/group-member.py; eager `range` assignment, librdkafka's default). Two members
 * form the group (the broker's group.initial.rebalance.delay.ms applies to this first join
 * only), then each round runs these steps:
 *
 *   join   a third member subscribes;                start = its `ready` (subscribe returned;
 *                                                    FindCoordinator and JoinGroup follow)
 *   kill   that member is SIGKILLed (no LeaveGroup); start = just before the signal
 *   join   another third member subscribes
 *   leave  that member closes cleanly (LeaveGroup);  start = its `final` event, printed just
 *                                                    before consumer.close()
 *
 * Between steps the group consumes for `settleMs` plus a part of one heartbeat interval that
 * differs from step to step (see cyclePoint()). A step is over when every member of the new
 * group has had on_assign after the start, the latest assignments cover every partition exactly
 * once, and each member has received a record on every partition it was given (the group
 * consumes again). Reported per step, in ms after the start: the last on_assign ("assigned"),
 * the last partition's first record ("flowing"), for kill/leave the departed member's partitions
 * flowing again at their new owners ("moved"), the longest stop of a member that stayed
 * (on_revoke to its first record after on_assign), and the broker's own log times ("preparing to
 * rebalance group", "member removed from group", "group rebalanced"; pino's `time`, whole ms,
 * same clock).
 *
 * What to expect from the classic protocol: members that stay only learn of a rebalance from
 * their next heartbeat's REBALANCE_IN_PROGRESS, so a join or a leave takes up to one
 * heartbeat.interval.ms; a killed member is noticed when its session expires, session.timeout.ms
 * after its last heartbeat.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { MemberProcess, stopMembers, until, type MemberEvent } from '../support/member-process.ts';
import { withTimeout } from '../support/run-worker.ts';
import { startSluiceBroker, type SluiceBroker } from './broker-process.ts';
import { librdkafkaProperties, startKafkaMember, type KafkaMemberSettings } from './group-members.ts';
import { kcatSteadyProducer, type SteadyProducer } from './kcat-load.ts';
import { createTopic } from './topics.ts';

export interface RebalanceOptions {
  rounds: number;
  partitions: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  recordsPerSecond: number;
  size: number;
  settleMs: number;
  stepTimeoutMs: number;
  brokerConfig?: Record<string, unknown>;
}

export type StepKind = 'join' | 'kill' | 'leave';

export interface RebalanceStep {
  kind: StepKind;
  round: number;
  /** Members after the step, by name, with their new partitions. */
  assignment: Record<string, number[]>;
  /** Wall-clock ms the step is measured from. */
  startT: number;
  assignedMs: number;
  flowingMs: number;
  /** kill/leave: the departed member's partitions consuming again at their new owners. */
  movedMs?: number;
  /** Longest stop of a member that stayed: its on_revoke to its first record after on_assign. */
  pauseMs?: number;
  /**
   * How far apart the members that stayed learned of the rebalance (their on_revoke times): each
   * learns from its own next heartbeat, and the first to rejoin waits for the last.
   */
  revokeSpreadMs?: number;
  /** Broker log, ms after the start (whole-ms clock, so ±1). */
  broker: { prepareMs?: number; removedMs?: number; removedReason?: string; rebalancedMs?: number; generation?: number };
  /** on_assign calls beyond the step's own, seen in the steady time after the step. */
  extraAssignments: number;
  /**
   * Where each partition's new owner started against where its previous owner stopped (its
   * offsets at on_revoke; for a killed member, its last progress report, at most progressMs old):
   * records delivered again (auto-commit lagging behind) and records skipped (nobody got them).
   */
  handover: { redelivered: number; skipped: number; unknown: number };
}

export interface RebalanceReport {
  settings: Record<string, unknown>;
  /** First join of the group: first member's `ready` to the last on_assign (includes the initial delay). */
  initialJoinMs?: number;
  steps: RebalanceStep[];
  /** Per member: offsets it received twice itself (at or below one it had); handovers are in the steps. */
  repeats: Record<string, number>;
  producer?: { sent: number; exitCode: number | string | null };
  brokerGroupLog: string[];
  failures: string[];
  errors: string[];
  brokerWarnings: string[];
}

interface BrokerLine {
  time: number;
  msg: string;
  groupId?: string;
  generationId?: number;
  reason?: string;
}

function brokerLines(broker: SluiceBroker, group: string): BrokerLine[] {
  const out: BrokerLine[] = [];
  for (const line of broker.output) {
    if (!line.includes(`"groupId":"${group}"`)) continue;
    try {
      out.push(JSON.parse(line) as BrokerLine);
    } catch {
      // a line cut by the capture: ignore
    }
  }
  return out;
}

const PROGRESS_MS = 20;

function latestAssignedBefore(m: MemberProcess, t: number): MemberEvent | undefined {
  const list = m.events.filter((e) => e.ev === 'assigned' && e.t < t);
  return list[list.length - 1];
}

function handover(start: number, before: MemberProcess[], after: MemberProcess[], assignment: Record<string, number[]>, partitions: number): RebalanceStep['handover'] {
  const result = { redelivered: 0, skipped: 0, unknown: 0 };
  for (let p = 0; p < partitions; p++) {
    const previous = before.find((m) => ((latestAssignedBefore(m, start)?.partitions as number[] | undefined) ?? []).includes(p));
    const next = after.find((m) => (assignment[m.name] ?? []).includes(p));
    if (!previous || !next) continue;
    const offsetOf = (e: MemberEvent | undefined) => (e?.offsets as Record<string, number> | undefined)?.[String(p)];
    const revoked = previous.all('revoked', start).find((e) => (e.partitions as number[]).includes(p));
    const stoppedAt = offsetOf(revoked) ?? offsetOf(previous.last('progress'));
    const first = next.all('first', latestAssigned(next, start)!.t).find((e) => e.partition === p);
    if (stoppedAt === undefined || !first) {
      result.unknown++;
      continue;
    }
    const gap = (first.offset as number) - (stoppedAt + 1);
    if (gap < 0) result.redelivered -= gap;
    else result.skipped += gap;
  }
  return result;
}

function latestAssigned(m: MemberProcess, since: number): MemberEvent | undefined {
  const list = m.all('assigned', since);
  return list[list.length - 1];
}

/**
 * The measurement of one step once it is complete, or undefined while it is not: every member
 * re-assigned after `start`, partitions covered exactly once, every partition flowing.
 */
function completed(kind: StepKind, round: number, start: number, members: MemberProcess[], partitions: number): Omit<RebalanceStep, 'broker' | 'extraAssignments' | 'handover'> | undefined {
  const owner = new Map<number, { member: MemberProcess; assigned: MemberEvent }>();
  for (const m of members) {
    const assigned = latestAssigned(m, start);
    if (!assigned) return undefined;
    for (const p of assigned.partitions as number[]) {
      if (owner.has(p)) return undefined; // an older assignment still in the picture
      owner.set(p, { member: m, assigned });
    }
  }
  if (owner.size !== partitions) return undefined;
  const firstAt = new Map<number, number>();
  for (const [p, { member, assigned }] of owner) {
    const first = member.all('first', assigned.t).find((e) => e.partition === p);
    if (!first) return undefined;
    firstAt.set(p, first.t);
  }
  const assignment: Record<string, number[]> = {};
  for (const m of members) assignment[m.name] = latestAssigned(m, start)!.partitions as number[];
  return {
    kind,
    round,
    assignment,
    startT: start,
    assignedMs: Math.max(...members.map((m) => latestAssigned(m, start)!.t)) - start,
    flowingMs: Math.max(...firstAt.values()) - start,
  };
}

async function measureStep(
  kind: StepKind,
  round: number,
  start: number,
  members: MemberProcess[],
  departed: { member: MemberProcess; partitions: number[] } | undefined,
  broker: SluiceBroker,
  group: string,
  options: RebalanceOptions,
): Promise<RebalanceStep> {
  const done = await until(`${kind} (round ${round}): group consuming again`, () => completed(kind, round, start, members, options.partitions), options.stepTimeoutMs, members);
  const before = departed ? [...members, departed.member] : members;
  const step: RebalanceStep = { ...done, broker: {}, extraAssignments: 0, handover: handover(start, before, members, done.assignment, options.partitions) };
  if (departed) {
    const times = departed.partitions.map((p) => {
      const owner = members.find((m) => (step.assignment[m.name] ?? []).includes(p))!;
      const assigned = latestAssigned(owner, start)!;
      return owner.all('first', assigned.t).find((e) => e.partition === p)!.t;
    });
    step.movedMs = Math.max(...times) - start;
  }
  const pauses: number[] = [];
  const revokes: number[] = [];
  for (const m of members) {
    const revoked = m.all('revoked', start)[0];
    if (!revoked) continue; // a newcomer
    revokes.push(revoked.t);
    const assigned = latestAssigned(m, start)!;
    const firsts = m.all('first', assigned.t).map((e) => e.t);
    if (firsts.length) pauses.push(Math.min(...firsts) - revoked.t);
  }
  if (pauses.length) step.pauseMs = Math.max(...pauses);
  if (revokes.length > 1) step.revokeSpreadMs = Math.max(...revokes) - Math.min(...revokes);
  const log = brokerLines(broker, group).filter((l) => l.time >= Math.floor(start));
  const at = (msg: string) => log.find((l) => l.msg === msg);
  const prepare = at('preparing to rebalance group');
  const removed = at('member removed from group');
  const rebalanced = at('group rebalanced');
  step.broker = {
    prepareMs: prepare ? prepare.time - start : undefined,
    removedMs: removed ? removed.time - start : undefined,
    removedReason: removed?.reason,
    rebalancedMs: rebalanced ? rebalanced.time - start : undefined,
    generation: rebalanced?.generationId,
  };
  return step;
}

/**
 * Where in the heartbeat cycle the n-th step of a kind starts, as a fraction of the interval.
 * After a rebalance every member's heartbeat ticks in step (each restarts its timer at
 * SyncGroup), so with a fixed pause every step would meet the same point of the cycle and the
 * figures would show that point, not the spread a real join, kill or leave meets. The points
 * follow the golden-ratio sequence (0.5, 0.118, 0.736, 0.354, ...), so that even a few rounds
 * cover the cycle evenly.
 */
function cyclePoint(n: number): number {
  return (0.5 + n * 0.6180339887) % 1;
}

export async function runRebalance(options: RebalanceOptions, log: (line: string) => void): Promise<RebalanceReport> {
  const group = `bench-rebalance-${Date.now()}`;
  const topic = 'bench_group_rebalance';
  const report: RebalanceReport = {
    settings: {},
    steps: [],
    repeats: {},
    brokerGroupLog: [],
    failures: [],
    errors: [],
    brokerWarnings: [],
  };
  let broker: SluiceBroker | undefined;
  let producer: SteadyProducer | undefined;
  const everyone: MemberProcess[] = [];
  let serial = 0;
  try {
    broker = await startSluiceBroker(options.brokerConfig);
    await withTimeout(createTopic(broker.bootstrap, topic, options.partitions), 30_000, 'creating the topic');
    const settings = (name: string): KafkaMemberSettings => ({
      bootstrap: broker!.bootstrap,
      topic,
      group,
      name,
      size: options.size,
      sessionTimeoutMs: options.sessionTimeoutMs,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
    });
    report.settings = {
      partitions: options.partitions,
      librdkafka: { ...librdkafkaProperties(settings('x')), 'partition.assignment.strategy': 'range,roundrobin (default)', 'enable.auto.commit': 'true (default, 5 s)' },
      brokerConfig: options.brokerConfig ?? {},
      backgroundRecordsPerSecond: options.recordsPerSecond,
      settleMs: options.settleMs,
    };
    // One record at a time (consume(num_messages=1)): a batch call would wait its full timeout
    // for a batch that a trickle of records never fills, and blur the "first record" times.
    const start = (): MemberProcess => {
      const name = `m${++serial}`;
      const member = startKafkaMember('python', { ...settings(name), batch: 1, progressMs: PROGRESS_MS });
      everyone.push(member);
      return member;
    };
    producer = kcatSteadyProducer({ bootstrap: broker.bootstrap, topic, recordsPerSecond: options.recordsPerSecond, size: options.size });

    log('rebalance: forming a group of 2');
    const stable = [start(), start()];
    const formed = await until('first join of 2 members', () => completed('join', 0, 0, stable, options.partitions), options.stepTimeoutMs + 10_000, stable);
    const firstReady = Math.min(...stable.map((m) => m.all('ready')[0]!.t));
    report.initialJoinMs = formed.startT + formed.assignedMs - firstReady;

    // Steady consumption between steps: settleMs plus the step's point of the heartbeat cycle.
    // Rebalances that happen meanwhile, which nobody asked for, are counted against the step before.
    const seen = new Map<StepKind, number>();
    const settle = async (next: StepKind | undefined) => {
      const before = stable.map((m) => m.all('assigned').length);
      const n = next ? (seen.get(next) ?? 0) : 0;
      if (next) seen.set(next, n + 1);
      await sleep(options.settleMs + (next ? cyclePoint(n) * options.heartbeatIntervalMs : 0));
      const previous = report.steps.at(-1);
      if (previous) previous.extraAssignments += stable.reduce((sum, m, i) => sum + m.all('assigned').length - before[i]!, 0);
    };

    for (let round = 1; round <= options.rounds; round++) {
      for (const kind of ['join', 'kill', 'join', 'leave'] as const) {
        await settle(kind);
        log(`rebalance: round ${round}, ${kind}`);
        if (kind === 'join') {
          const newcomer = start();
          const ready = await until('newcomer subscribed', () => newcomer.all('ready')[0], 30_000, [newcomer]);
          stable.push(newcomer);
          report.steps.push(await measureStep(kind, round, ready.t, stable, undefined, broker, group, options));
        } else {
          const leaving = stable.pop()!;
          const partitions = (leaving.last('assigned')?.partitions as number[]) ?? [];
          let startT: number;
          if (kind === 'kill') startT = leaving.kill();
          else {
            leaving.send('stop');
            startT = (await until('leaving member closing', () => leaving.all('final')[0], 30_000, [leaving])).t;
          }
          report.steps.push(await measureStep(kind, round, startT, stable, { member: leaving, partitions }, broker, group, options));
          if (kind === 'leave') await withTimeout(leaving.stop(), 20_000, 'the leaving member exiting');
        }
      }
    }
    await settle(undefined);
  } catch (error) {
    report.errors.push((error as Error).message);
  } finally {
    const result = await producer?.stop();
    if (result) report.producer = { sent: result.sent, exitCode: result.exitCode };
    await stopMembers(everyone);
    for (const m of everyone) {
      const final = m.last('final');
      const partitions = (final?.partitions ?? {}) as Record<string, number[]>;
      report.repeats[m.name] = Object.values(partitions).reduce((sum, s) => sum + (s[4] ?? 0), 0);
      const wrong = Object.values(partitions).reduce((sum, s) => sum + (s[5] ?? 0), 0);
      if (wrong > 0) report.failures.push(`${m.name}: ${wrong} records were not ${options.size} bytes`);
      for (const e of m.all('error')) report.brokerWarnings.push(`${m.name} consumer error: ${JSON.stringify(e)}`);
    }
    if (broker) {
      report.brokerGroupLog = broker.output.filter((l) => l.includes('"component":"group-coordinator"') && l.includes(group));
      report.brokerWarnings.push(...broker.output.filter((l) => /"level":(4|5|6)\d/.test(l)));
      await broker.stop();
    }
  }
  for (const step of report.steps) {
    // A kill's "skipped" can be an artefact of the dead member's last report being up to
    // PROGRESS_MS old; after a join or a clean leave the previous owner's offsets are exact.
    if (step.kind !== 'kill' && step.handover.skipped > 0) {
      report.failures.push(`${step.kind} round ${step.round}: ${step.handover.skipped} records skipped at the handover (nobody received them)`);
    }
  }
  return report;
}
