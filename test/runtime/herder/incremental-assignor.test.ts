// The leader's incremental cooperative assignor, as a pure function: balance, revoke-then-assign, and
// the delay that holds a departed worker's load.
import { describe, expect, it } from 'vitest';
import {
  computeAssignments, EMPTY_MEMORY, intersect, isEmpty, minus, NO_WORK, union, work,
  type AssignmentResult, type AssignorMemory, type ConnectorsAndTasks,
} from '../../../runtime/distributed/index.ts';

const DELAY = 10_000;

function configured(connectors: Record<string, number>): ConnectorsAndTasks {
  const names = Object.keys(connectors);
  return work(names, names.flatMap((c) => Array.from({ length: connectors[c] }, (_, task) => ({ connector: c, task }))));
}

/** A group whose members apply their assignments, as the herders do. */
class Group {
  owned = new Map<string, ConnectorsAndTasks>();
  memory: AssignorMemory = EMPTY_MEMORY;
  generation = 0;
  lastCompleted = -1;
  now = 1_000_000;
  config: ConnectorsAndTasks;

  constructor(config: ConnectorsAndTasks, members: string[]) {
    this.config = config;
    for (const m of members) this.owned.set(m, NO_WORK);
  }

  round(): AssignmentResult {
    this.generation++;
    const result = computeAssignments(this.memory, {
      members: [...this.owned].map(([memberId, owned]) => ({ memberId, owned })),
      configured: this.config,
      now: this.now,
      maxDelayMs: DELAY,
      generation: this.generation,
      lastCompletedGeneration: this.lastCompleted,
    });
    this.memory = result.memory;
    this.lastCompleted = this.generation;
    for (const [member, { assigned, revoked }] of result.assignments) {
      expect(isEmpty(intersect(assigned, revoked)), 'nothing is assigned and revoked in one round').toBe(true);
      expect(isEmpty(intersect(assigned, this.owned.get(member)!)), 'assigned work is new to the member').toBe(true);
      this.owned.set(member, union(minus(this.owned.get(member)!, revoked), assigned));
    }
    return result;
  }

  /** Rounds until nobody has anything revoked (members rejoin after a revocation). */
  settle(): AssignmentResult {
    for (let i = 0; i < 5; i++) {
      const result = this.round();
      if ([...result.assignments.values()].every((a) => isEmpty(a.revoked))) return result;
    }
    throw new Error('assignments did not settle');
  }

  all(): ConnectorsAndTasks {
    return union(...this.owned.values());
  }

  expectBalanced(): void {
    const connectors = [...this.owned.values()].map((o) => o.connectors.length);
    const tasks = [...this.owned.values()].map((o) => o.tasks.length);
    expect(Math.max(...connectors) - Math.min(...connectors)).toBeLessThanOrEqual(1);
    expect(Math.max(...tasks) - Math.min(...tasks)).toBeLessThanOrEqual(1);
    // Everything runs exactly once.
    const total = [...this.owned.values()].reduce((n, o) => n + o.connectors.length + o.tasks.length, 0);
    expect(total).toBe(this.config.connectors.length + this.config.tasks.length);
    expect(this.all()).toEqual(this.config);
  }
}

describe('incremental cooperative assignor', () => {
  it('spreads connectors and tasks evenly over the members', () => {
    const group = new Group(configured({ a: 3, b: 2, c: 4 }), ['m1', 'm2', 'm3']);
    const result = group.round();
    expect(result.delayMs).toBe(0);
    for (const a of result.assignments.values()) expect(a.revoked).toEqual(NO_WORK);
    group.expectBalanced();
  });

  it('revokes first and assigns in the follow-up round when a worker joins', () => {
    const group = new Group(configured({ a: 4, b: 2 }), ['m1']);
    group.round();
    expect(group.owned.get('m1')).toEqual(group.config);

    group.owned.set('m2', NO_WORK);
    const revoking = group.round();
    const m1 = revoking.assignments.get('m1')!;
    expect(m1.revoked.tasks.length).toBe(3);
    expect(m1.revoked.connectors.length).toBe(1);
    expect(revoking.assignments.get('m2')!.assigned).toEqual(NO_WORK);

    const following = group.round();
    expect(following.assignments.get('m2')!.assigned).toEqual(m1.revoked);
    group.expectBalanced();
  });

  it('places new connectors and tasks on the least loaded members', () => {
    const group = new Group(configured({ a: 2 }), ['m1', 'm2']);
    group.settle();
    group.config = configured({ a: 2, b: 3 });
    group.round();
    group.expectBalanced();
  });

  it("holds a departed worker's load for the delay, then reassigns it", () => {
    const group = new Group(configured({ a: 3, b: 3 }), ['m1', 'm2']);
    group.settle();
    const departed = group.owned.get('m2')!;
    const kept = group.owned.get('m1')!;
    group.owned.delete('m2');

    const holding = group.round();
    expect(holding.delayMs).toBe(DELAY);
    expect(holding.held).toEqual(departed);
    expect(holding.assignments.get('m1')).toEqual({ assigned: NO_WORK, revoked: NO_WORK });

    group.now += 4_000;
    const stillHolding = group.round();
    expect(stillHolding.delayMs).toBe(DELAY - 4_000);
    expect(group.owned.get('m1')).toEqual(kept);

    group.now += DELAY - 4_000;
    const reassigning = group.round();
    expect(reassigning.delayMs).toBe(0);
    expect(reassigning.assignments.get('m1')!.assigned).toEqual(departed);
    group.expectBalanced();
  });

  it('gives the held load to a worker that comes back within the delay', () => {
    const group = new Group(configured({ a: 2, b: 4 }), ['m1', 'm2', 'm3']);
    group.settle();
    const departed = group.owned.get('m3')!;
    const before = new Map(group.owned);
    group.owned.delete('m3');
    group.round();

    group.now += 3_000;
    group.owned.set('m3-again', NO_WORK);
    const returning = group.round();
    expect(returning.delayMs).toBe(DELAY - 3_000);
    for (const a of returning.assignments.values()) expect(a).toEqual({ assigned: NO_WORK, revoked: NO_WORK });

    group.now += DELAY - 3_000;
    const reassigning = group.round();
    expect(reassigning.assignments.get('m3-again')!.assigned).toEqual(departed);
    for (const m of ['m1', 'm2']) {
      expect(reassigning.assignments.get(m)).toEqual({ assigned: NO_WORK, revoked: NO_WORK });
      expect(group.owned.get(m)).toEqual(before.get(m));
    }
    group.expectBalanced();
  });

  it('reassigns at once what a member merely failed to report, when nobody left', () => {
    const group = new Group(configured({ a: 2 }), ['m1', 'm2']);
    group.settle();
    const missing = group.owned.get('m2')!;
    group.owned.set('m2', NO_WORK);
    const result = group.round();
    expect(result.delayMs).toBe(0);
    expect(union(...[...result.assignments.values()].map((a) => a.assigned))).toEqual(missing);
  });

  it('revokes deleted connectors and tasks, and work two members both run', () => {
    const group = new Group(configured({ a: 2, b: 2 }), ['m1', 'm2']);
    group.settle();
    group.config = configured({ a: 1 });
    const deleting = group.round();
    const revoked = union(...[...deleting.assignments.values()].map((a) => a.revoked));
    expect(revoked).toEqual(work(['b'], [{ connector: 'a', task: 1 }, { connector: 'b', task: 0 }, { connector: 'b', task: 1 }]));
    group.settle();
    expect(group.all()).toEqual(group.config);

    // A member reports work that another runs too: both lose it, and it is assigned once afterwards.
    const [first, second] = [...group.owned.keys()];
    group.owned.set(second, union(group.owned.get(second)!, group.owned.get(first)!));
    const dedupe = group.round();
    expect(isEmpty(dedupe.assignments.get(first)!.revoked)).toBe(false);
    group.settle();
    group.expectBalanced();
  });

  it('forgets its memory when it did not compute the previous generation', () => {
    const group = new Group(configured({ a: 2 }), ['m1', 'm2']);
    group.settle();
    group.owned.delete('m2');
    group.lastCompleted += 5; // another leader assigned in between
    const result = group.round();
    expect(result.delayMs).toBe(0);
    group.expectBalanced();
  });
});
