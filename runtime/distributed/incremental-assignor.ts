/**
 * The leader's assignment of connectors and tasks to workers, with incremental cooperative rebalancing
 * (the semantics of Connect's IncrementalCooperativeAssignor, KIP-415). Pure: the leader's memory of the
 * previous round goes in and comes out as a value, time is an input.
 *
 * Each round:
 * - Work nobody should run any more (deleted connectors and tasks) and work two members both run is
 *   revoked. Revocations and new assignments never name the same item in one round: a member first
 *   stops what is revoked, then rejoins, and the item is assigned in that follow-up round.
 * - Work the previous round assigned that no member reports now is "lost": its worker left. If members
 *   are missing since the previous round, lost work is held for `maxDelayMs` (Connect's
 *   scheduled.rebalance.max.delay.ms) in case the worker comes back; every assignment carries the
 *   remaining delay so that members rejoin when it ends. At the end, lost work goes to the workers that
 *   joined empty-handed during the delay (a restarted worker gets its load back), or else is treated as
 *   new. Without a departure (some member merely missed the previous assignment) it is new at once.
 * - New work goes to the least-loaded members, connectors and tasks counted separately.
 * - When no delay is running and the load is uneven (a worker joined), members above the even share
 *   have the excess revoked, to be reassigned in the follow-up round.
 *
 * A leader that did not compute the previous round (new leader, or a round that failed) has no memory:
 * nothing is lost, and whatever no member runs is new.
 */
import type { ConnectorTaskId } from '../herder/connect-types.ts';
import { compareTasks, intersect, isEmpty, minus, NO_WORK, taskKey, union, work, type ConnectorsAndTasks } from './connectors-and-tasks.ts';

export interface MemberWork {
  readonly memberId: string;
  /** What the member runs now (its metadata's assignment). */
  readonly owned: ConnectorsAndTasks;
}

export interface AssignorMemory {
  /** Everything assigned (or held as lost) after the previous round; null when there is no such round. */
  readonly previous: ConnectorsAndTasks | null;
  /** The generation `previous` was computed in. */
  readonly previousGeneration: number;
  readonly previousMembers: readonly string[];
  /** What the previous round revoked. */
  readonly previousRevocation: ConnectorsAndTasks;
  /** When held lost work is reassigned (epoch ms); 0 when nothing is held. */
  readonly scheduledRebalance: number;
  /** Members that joined with nothing during the delay: the first candidates for the lost work. */
  readonly candidates: readonly string[];
}

export const EMPTY_MEMORY: AssignorMemory = Object.freeze({
  previous: null,
  previousGeneration: -1,
  previousMembers: [],
  previousRevocation: NO_WORK,
  scheduledRebalance: 0,
  candidates: [],
});

export interface AssignmentInput {
  readonly members: readonly MemberWork[];
  /** Every connector and task in the config snapshot the assignment is computed from. */
  readonly configured: ConnectorsAndTasks;
  readonly now: number;
  readonly maxDelayMs: number;
  /** The generation being assigned. */
  readonly generation: number;
  /** The last generation this leader completed (synced); memory from another generation is stale. */
  readonly lastCompletedGeneration: number;
}

export interface MemberAssignment {
  readonly assigned: ConnectorsAndTasks;
  readonly revoked: ConnectorsAndTasks;
}

export interface AssignmentResult {
  readonly assignments: ReadonlyMap<string, MemberAssignment>;
  /** What each member runs once it has applied its assignment. */
  readonly complete: ReadonlyMap<string, ConnectorsAndTasks>;
  /** Lost work held back this round. */
  readonly held: ConnectorsAndTasks;
  /** Every member rejoins after this long; 0 for no scheduled rebalance. */
  readonly delayMs: number;
  readonly memory: AssignorMemory;
}

/** A member's load while the round is computed. */
class Load {
  readonly memberId: string;
  readonly connectors = new Set<string>();
  readonly tasks = new Map<string, ConnectorTaskId>();
  readonly assigned = { connectors: [] as string[], tasks: [] as ConnectorTaskId[] };
  readonly revoked = { connectors: [] as string[], tasks: [] as ConnectorTaskId[] };

  constructor(memberId: string, owned: ConnectorsAndTasks) {
    this.memberId = memberId;
    for (const c of owned.connectors) this.connectors.add(c);
    for (const t of owned.tasks) this.tasks.set(taskKey(t), t);
  }

  get isEmpty(): boolean {
    return this.connectors.size === 0 && this.tasks.size === 0;
  }

  revokeConnector(connector: string): void {
    if (this.connectors.delete(connector)) this.revoked.connectors.push(connector);
  }

  revokeTask(task: ConnectorTaskId): void {
    if (this.tasks.delete(taskKey(task))) this.revoked.tasks.push(task);
  }

  assignConnector(connector: string): void {
    this.connectors.add(connector);
    this.assigned.connectors.push(connector);
  }

  assignTask(task: ConnectorTaskId): void {
    this.tasks.set(taskKey(task), task);
    this.assigned.tasks.push(task);
  }

  current(): ConnectorsAndTasks {
    return work(this.connectors, this.tasks.values());
  }
}

export function computeAssignments(memory: AssignorMemory, input: AssignmentInput): AssignmentResult {
  const members = [...input.members].sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
  const memberIds = members.map((m) => m.memberId);
  const active = union(...members.map((m) => m.owned));

  let previous = memory.previous !== null && memory.previousGeneration === input.lastCompletedGeneration ? memory.previous : NO_WORK;
  // A revocation of the previous round that some member did not carry out: trust what members report.
  if (!isEmpty(intersect(memory.previousRevocation, active))) previous = active;

  const deleted = minus(union(previous, active), input.configured);
  let lost = minus(previous, active, deleted);
  const fresh = minus(input.configured, previous, active);
  const newConnectors = [...fresh.connectors];
  const newTasks = [...fresh.tasks];

  const loads = members.map((m) => new Load(m.memberId, m.owned));

  // Deleted work, and work more than one member runs, is revoked from whoever has it.
  const deletedConnectors = new Set(deleted.connectors);
  const deletedTasks = new Set(deleted.tasks.map(taskKey));
  const connectorOwners = countOwners(members.flatMap((m) => m.owned.connectors));
  const taskOwners = countOwners(members.flatMap((m) => m.owned.tasks.map(taskKey)));
  for (const load of loads) {
    for (const c of [...load.connectors]) if (deletedConnectors.has(c) || (connectorOwners.get(c) ?? 0) > 1) load.revokeConnector(c);
    for (const [key, t] of [...load.tasks]) if (deletedTasks.has(key) || (taskOwners.get(key) ?? 0) > 1) load.revokeTask(t);
  }

  // Lost work: hold it while a departed worker may come back.
  let scheduledRebalance = memory.scheduledRebalance;
  let candidates = memory.candidates.filter((c) => memberIds.includes(c));
  let delayMs = 0;
  let held = NO_WORK;
  if (isEmpty(lost)) {
    scheduledRebalance = 0;
    candidates = [];
  } else if (scheduledRebalance <= 0 && memory.previousMembers.every((m) => memberIds.includes(m))) {
    // Nobody left: some member just missed its previous assignment.
    newConnectors.push(...lost.connectors);
    newTasks.push(...lost.tasks);
    lost = NO_WORK;
  } else if (scheduledRebalance > 0 && input.now >= scheduledRebalance) {
    const takers = loads.filter((l) => candidates.includes(l.memberId));
    if (takers.length > 0) {
      lost.connectors.forEach((c, i) => takers[i % takers.length].assignConnector(c));
      lost.tasks.forEach((t, i) => takers[i % takers.length].assignTask(t));
    } else {
      newConnectors.push(...lost.connectors);
      newTasks.push(...lost.tasks);
    }
    lost = NO_WORK;
    scheduledRebalance = 0;
    candidates = [];
  } else {
    for (const load of loads) if (load.isEmpty && !candidates.includes(load.memberId)) candidates.push(load.memberId);
    delayMs = scheduledRebalance > input.now ? Math.min(scheduledRebalance - input.now, input.maxDelayMs) : input.maxDelayMs;
    scheduledRebalance = input.now + delayMs;
    held = lost;
  }

  if (loads.length > 0) {
    const configuredConnectors = input.configured.connectors.length;
    const configuredTasks = input.configured.tasks.length;
    // Balance first (on what members keep), then place new work on the least loaded.
    if (delayMs === 0) revokeExcess(loads, configuredConnectors, configuredTasks);
    for (const c of [...new Set(newConnectors)].sort()) leastLoaded(loads, (l) => l.connectors.size).assignConnector(c);
    for (const t of dedupeTasks(newTasks)) leastLoaded(loads, (l) => l.tasks.size).assignTask(t);
  }

  const assignments = new Map<string, MemberAssignment>();
  const complete = new Map<string, ConnectorsAndTasks>();
  for (const load of loads) {
    assignments.set(load.memberId, { assigned: work(load.assigned.connectors, load.assigned.tasks), revoked: work(load.revoked.connectors, load.revoked.tasks) });
    complete.set(load.memberId, load.current());
  }
  const allRevoked = union(...[...assignments.values()].map((a) => a.revoked));
  return {
    assignments,
    complete,
    held,
    delayMs,
    memory: {
      previous: union(...complete.values(), held),
      previousGeneration: input.generation,
      previousMembers: memberIds,
      previousRevocation: allRevoked,
      scheduledRebalance,
      candidates,
    },
  };
}

/**
 * Revokes from members above the even share (ceiling) down to it, but only while some member is below
 * the floor: a spread of one is as even as it gets. Work assigned in this very round is never revoked.
 */
function revokeExcess(loads: Load[], totalConnectors: number, totalTasks: number): void {
  const members = loads.length;
  const connectorFloor = Math.floor(totalConnectors / members);
  const connectorCeil = Math.ceil(totalConnectors / members);
  if (loads.some((l) => l.connectors.size < connectorFloor)) {
    for (const load of loads) {
      const excess = [...load.connectors].sort().slice(connectorCeil).filter((c) => !load.assigned.connectors.includes(c));
      for (const c of excess) load.revokeConnector(c);
    }
  }
  const taskFloor = Math.floor(totalTasks / members);
  const taskCeil = Math.ceil(totalTasks / members);
  if (loads.some((l) => l.tasks.size < taskFloor)) {
    for (const load of loads) {
      const fresh = new Set(load.assigned.tasks.map(taskKey));
      const excess = [...load.tasks.values()].sort(compareTasks).slice(taskCeil).filter((t) => !fresh.has(taskKey(t)));
      for (const t of excess) load.revokeTask(t);
    }
  }
}

function leastLoaded(loads: readonly Load[], size: (load: Load) => number): Load {
  let best = loads[0];
  for (const load of loads) if (size(load) < size(best)) best = load;
  return best;
}

function countOwners(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

function dedupeTasks(tasks: readonly ConnectorTaskId[]): ConnectorTaskId[] {
  return [...work([], tasks).tasks];
}
