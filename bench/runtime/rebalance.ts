/**
 * Rebalance time after a worker dies: two distributed workers in one Connect group run a datagen and
 * a discard connector (2 tasks each, spread over both workers by the group's assignment); one worker
 * is SIGKILLed (no LeaveGroup) and the survivor's REST status is polled every 50 ms until every
 * connector and task is RUNNING on the survivor.
 *
 * By design (Connect's incremental cooperative protocol) the lost work waits for two things: the
 * group coordinator noticing the death (session.timeout.ms without a heartbeat), then the leader's
 * scheduled.rebalance.max.delay.ms grace period for the worker to come back. Both are reported with
 * the figure, and the survivor's own log (group joins, assignments with their delay) gives the
 * breakdown.
 */
import { join } from 'node:path';
import { freePort } from '../support/children.ts';
import { wallMs } from '../support/member-process.ts';
import { withTimeout } from '../support/run-worker.ts';
import { createTopic } from '../sluice/topics.ts';
import type { RuntimeBenchOptions } from './options.ts';
import { logFile, PLUGIN_PATH, type Broker } from './throughput.ts';
import { readAllProgress, type SinkProgress } from './watchers.ts';
import { startWorker, type ConnectorStatus, type WorkerProcess } from './worker-process.ts';
import { datagenConfig, discardConfig } from './workload.ts';

export interface RebalanceResult {
  delayMs: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** consumer.session.timeout.ms of the sink consumers; undefined: the runtime's default (45 s). */
  sinkSessionTimeoutMs?: number;
  victim: 'follower' | 'leader';
  victimWorker?: string;
  survivorWorker?: string;
  /** Connectors and tasks ("name" / "name/task") that ran on the killed worker. */
  moved: string[];
  stayed: string[];
  /** From creating the connectors until all were RUNNING, spread over both workers. */
  formationSeconds?: number;
  /** From SIGKILL until every connector and task was RUNNING on the survivor (the figure). */
  seconds?: number;
  /** From SIGKILL until the survivor next joined the group (the coordinator noticed the death). */
  rejoinSeconds?: number;
  /** The survivor's assignments after the kill, from its log. */
  assignments: { atSeconds: number; generation?: number; leader?: boolean; delayMs?: number; assigned?: unknown; revoked?: unknown }[];
  /** From SIGKILL until a moved sink task was given its first records on the survivor. */
  sinkResumedSeconds?: number;
  /** Status changes seen on the survivor after the kill (state@worker), in order. */
  timeline: { atSeconds: number; unit: string; state: string; worker: string }[];
  /**
   * Sink tasks that stayed on the survivor: the longest time, after the kill, in which they were given
   * no record (the sink connector's own consumer group rebalances when the moved task rejoins it).
   */
  sinkStalls: Record<string, number>;
  /** Work that stayed on the survivor but was stopped or restarted anyway. */
  disturbed: string[];
  failures: string[];
  errors: string[];
  notes: string[];
}

export interface RebalanceContext {
  options: RuntimeBenchOptions;
  broker: Broker;
  tmp: string;
}

const SOURCE = 'rb-source';
const SINK = 'rb-sink';
const TASKS = 2;

type StatusMap = Record<string, { status: ConnectorStatus }>;

/** unit -> "STATE@worker_id" */
function units(statuses: StatusMap): Map<string, { state: string; worker: string }> {
  const out = new Map<string, { state: string; worker: string }>();
  for (const [name, { status }] of Object.entries(statuses)) {
    out.set(name, { state: status.connector.state, worker: status.connector.worker_id });
    for (const task of status.tasks) out.set(`${name}/${task.id}`, { state: task.state, worker: task.worker_id });
  }
  return out;
}

async function statuses(worker: WorkerProcess): Promise<StatusMap | undefined> {
  const res = await worker.rest<StatusMap>('GET', '/connectors?expand=status', undefined, 5_000).catch(() => undefined);
  return res && res.status === 200 && res.body && typeof res.body === 'object' ? res.body : undefined;
}

const workerIdOf = (w: WorkerProcess) => `127.0.0.1:${w.port}`;

function isLeader(worker: WorkerProcess): boolean | undefined {
  const last = [...worker.kept].reverse().find((l) => l.msg === 'assignment received');
  return last ? Boolean(last.leader) : undefined;
}

export async function rebalancePhase(ctx: RebalanceContext, delayMs: number, sinkSessionTimeoutMs: number | undefined): Promise<RebalanceResult> {
  const { options, broker } = ctx;
  const result: RebalanceResult = {
    delayMs,
    sessionTimeoutMs: options.sessionTimeoutMs,
    sinkSessionTimeoutMs,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    victim: options.victim,
    moved: [],
    stayed: [],
    assignments: [],
    timeline: [],
    sinkStalls: {},
    disturbed: [],
    failures: [],
    errors: [],
    notes: [],
  };
  const scenario = `d${delayMs}${sinkSessionTimeoutMs === undefined ? '' : `-s${sinkSessionTimeoutMs}`}`;
  const group = `bench-rebalance-${scenario}`;
  const topic = `rb_${scenario}`;
  const progress = join(ctx.tmp, `rb-progress-${scenario}`);
  const props: Record<string, string> = {
    'config.storage.topic': `${group}-configs`,
    'offset.storage.topic': `${group}-offsets`,
    'status.storage.topic': `${group}-status`,
    'session.timeout.ms': String(options.sessionTimeoutMs),
    'heartbeat.interval.ms': String(options.heartbeatIntervalMs),
    'scheduled.rebalance.max.delay.ms': String(delayMs),
    'offset.flush.interval.ms': '10000',
    'plugin.path': PLUGIN_PATH,
    ...(sinkSessionTimeoutMs === undefined ? {} : { 'consumer.session.timeout.ms': String(sinkSessionTimeoutMs) }),
    ...options.workerConfig,
  };
  const workers: WorkerProcess[] = [];
  let flowStop: (() => void) | undefined;
  try {
    await withTimeout(createTopic(broker.bootstrap, topic, TASKS), 30_000, 'creating the topic');
    // One after the other, so that the first is normally the group leader.
    for (const name of ['worker-a', 'worker-b']) {
      workers.push(await startWorker({ name: `${name}-${scenario}`, bootstrap: broker.bootstrap, restPort: await freePort(), props, dir: ctx.tmp, groupId: group, logFile: logFile(ctx, `${name}-${scenario}`) }));
    }
    const [a] = workers as [WorkerProcess, WorkerProcess];
    const w = { ...options.workload, tasks: TASKS };
    const created = wallMs();
    // datagen paced at 2,000 records/s in all, so the phase is about the group, not about load.
    await a.createConnector(SOURCE, datagenConfig(w, topic, { 'max.records': '-1', 'records.per.second': '2000' }));
    await a.createConnector(SINK, discardConfig(w, topic, progress));

    // Formation: everything RUNNING and both workers holding some of it.
    const formationDeadline = performance.now() + 120_000;
    let before: Map<string, { state: string; worker: string }> | undefined;
    for (;;) {
      const s = await statuses(a);
      const u = s ? units(s) : undefined;
      if (u && u.size === 2 + 2 * TASKS && [...u.values()].every((x) => x.state === 'RUNNING')) {
        const holders = new Set([...u.values()].map((x) => x.worker));
        if (workers.every((wk) => holders.has(workerIdOf(wk)))) {
          before = u;
          break;
        }
      }
      for (const wk of workers) if (wk.exited) throw new Error(`worker exited during formation\n${wk.describe()}`);
      if (performance.now() > formationDeadline) {
        throw new Error(`connectors not RUNNING on both workers within 120 s: ${u ? JSON.stringify(Object.fromEntries(u)) : 'no status'}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    result.formationSeconds = (wallMs() - created) / 1000;
    // Let the sink tasks get going, so that restarts of the ones that stay would show; then take
    // the placement again, right before the kill.
    await new Promise((r) => setTimeout(r, 2_000));
    const settled = await statuses(a);
    const now = settled ? units(settled) : undefined;
    if (now && now.size === before.size && [...now.values()].every((x) => x.state === 'RUNNING')) before = now;
    else result.notes.push('the placement changed after formation; using the one seen at formation');

    const leaders = workers.map(isLeader);
    let victimIndex = 1;
    if (leaders.some((l) => l === true)) {
      const leaderIndex = leaders.indexOf(true);
      victimIndex = options.victim === 'leader' ? leaderIndex : 1 - leaderIndex;
    } else {
      result.notes.push('could not tell the group leader from the worker logs; killing worker-b');
    }
    const victim = workers[victimIndex]!;
    const survivor = workers[1 - victimIndex]!;
    const victimId = workerIdOf(victim);
    const survivorId = workerIdOf(survivor);
    result.victimWorker = `${victim.name} (${victimId})`;
    result.survivorWorker = `${survivor.name} (${survivorId})`;
    for (const [unit, x] of before) (x.worker === victimId ? result.moved : result.stayed).push(unit);
    if (result.moved.length === 0) throw new Error(`nothing ran on ${victim.name}, nothing to move`);
    const progressBefore = readAllProgress(progress, TASKS);

    const killedAt = victim.kill();
    const flow = new SinkFlow(progress, TASKS, killedAt);
    flowStop = () => flow.stop();
    const last = new Map(before);
    const deadline = performance.now() + options.sessionTimeoutMs + delayMs + 90_000;
    for (;;) {
      const s = await statuses(survivor);
      const now = wallMs();
      if (s) {
        const u = units(s);
        for (const [unit, x] of u) {
          const prev = last.get(unit);
          if (!prev || prev.state !== x.state || prev.worker !== x.worker) {
            result.timeline.push({ atSeconds: (now - killedAt) / 1000, unit, state: x.state, worker: x.worker === survivorId ? 'survivor' : x.worker === victimId ? 'killed' : x.worker });
            last.set(unit, x);
          }
        }
        if (u.size === before.size && [...u.values()].every((x) => x.state === 'RUNNING' && x.worker === survivorId)) {
          result.seconds = (now - killedAt) / 1000;
          break;
        }
      }
      if (survivor.exited) throw new Error(`the surviving worker exited\n${survivor.describe()}`);
      if (performance.now() > deadline) {
        throw new Error(`not everything RUNNING on the survivor within ${(options.sessionTimeoutMs + delayMs + 90_000) / 1000} s: ${JSON.stringify(Object.fromEntries(last))}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }

    // Moved sink tasks: when did the new instance get its first records?
    const movedSinkTasks = result.moved.filter((unit) => unit.startsWith(`${SINK}/`)).map((unit) => Number(unit.split('/')[1]));
    if (movedSinkTasks.length > 0) {
      const resumeDeadline = performance.now() + 60_000;
      for (;;) {
        const now = readAllProgress(progress, TASKS);
        const resumed = movedSinkTasks.map((t) => now[t]).filter((p): p is SinkProgress => !!p && p.startedAt > killedAt && p.firstAt !== null);
        if (resumed.length === movedSinkTasks.length) {
          result.sinkResumedSeconds = (Math.max(...resumed.map((p) => p.firstAt!)) - killedAt) / 1000;
          break;
        }
        if (performance.now() > resumeDeadline) {
          result.notes.push('a moved sink task got no records within 60 s of running on the survivor');
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }

    // A little longer, so that a stall of the sink tasks that stayed can end and be measured.
    await new Promise((r) => setTimeout(r, 2_000));
    flow.stop();
    for (const unit of result.stayed.filter((u) => u.startsWith(`${SINK}/`))) {
      const gap = flow.longestStallMs(Number(unit.split('/')[1]));
      if (gap !== undefined) result.sinkStalls[unit] = gap / 1000;
    }

    // Work that stayed should have kept running through the rebalance (incremental cooperative).
    for (const entry of result.timeline) {
      if (result.stayed.includes(entry.unit)) result.disturbed.push(`${entry.unit} was ${entry.state} on ${entry.worker} at +${entry.atSeconds.toFixed(2)} s`);
    }
    const progressAfter = readAllProgress(progress, TASKS);
    for (let t = 0; t < TASKS; t++) {
      const unit = `${SINK}/${t}`;
      if (result.stayed.includes(unit) && progressBefore[t] && progressAfter[t] && progressAfter[t]!.startedAt !== progressBefore[t]!.startedAt) {
        result.disturbed.push(`${unit} stayed on the survivor but was restarted (SinkTask.start() again at +${((progressAfter[t]!.startedAt - killedAt) / 1000).toFixed(2)} s)`);
      }
    }

    for (const line of survivor.kept.filter((l) => l.time >= killedAt - 1)) {
      if (line.msg === 'joined the group' && result.rejoinSeconds === undefined) result.rejoinSeconds = (line.time - killedAt) / 1000;
      if (line.msg === 'assignment received') {
        result.assignments.push({
          atSeconds: (line.time - killedAt) / 1000,
          generation: line.generation as number | undefined,
          leader: line.leader as boolean | undefined,
          delayMs: line.delayMs as number | undefined,
          assigned: line.assigned,
          revoked: line.revoked,
        });
      }
    }
    result.notes.push(...survivor.problems().slice(0, 10));
  } catch (error) {
    result.errors.push((error as Error).message);
  } finally {
    flowStop?.();
    await Promise.all(workers.map((wk) => wk.stop()));
  }
  return result;
}

/** Samples the discard sink's progress files every 50 ms: when did each task last get records? */
class SinkFlow {
  readonly #timer: NodeJS.Timeout;
  readonly #last: { records: number; startedAt: number; at: number }[] = [];
  readonly #longest: number[] = [];

  constructor(prefix: string, tasks: number, since: number) {
    const sample = () => {
      const now = wallMs();
      readAllProgress(prefix, tasks).forEach((p, t) => {
        if (!p) return;
        const prev = this.#last[t];
        if (!prev || p.startedAt !== prev.startedAt || p.records > prev.records) {
          if (prev) this.#longest[t] = Math.max(this.#longest[t] ?? 0, now - prev.at);
          this.#last[t] = { records: p.records, startedAt: p.startedAt, at: prev ? now : since };
        } else {
          this.#longest[t] = Math.max(this.#longest[t] ?? 0, now - prev.at);
        }
      });
    };
    sample();
    this.#timer = setInterval(sample, 50);
  }

  longestStallMs(task: number): number | undefined {
    return this.#longest[task];
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
