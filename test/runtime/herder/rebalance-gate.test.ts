// Requests that need a stable assignment wait for the rebalance to end, and get 409 when it does not.
import { describe, expect, it } from 'vitest';
import { RuntimeError, RuntimeErrors } from '../../../runtime/errors.ts';
import { RebalanceGate } from '../../../runtime/herder/rebalance-gate.ts';

describe('rebalance gate', () => {
  it('holds requests until the assignment of the current round is applied', async () => {
    const gate = new RebalanceGate();
    gate.begin();
    let passed = false;
    const waiting = gate.wait(5_000).then(() => (passed = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(passed).toBe(false);
    gate.end(gate.round);
    await waiting;
    expect(gate.rebalancing).toBe(false);
  });

  it('answers REBALANCE_IN_PROGRESS (409) when the rebalance outlasts the wait', async () => {
    const gate = new RebalanceGate();
    gate.begin();
    const error = await gate.wait(30).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as RuntimeError).kind).toBe(RuntimeErrors.REBALANCE_IN_PROGRESS);
    expect((error as RuntimeError).status).toBe(409);
  });

  it('stays closed when an older round is applied after a newer one began', async () => {
    const gate = new RebalanceGate();
    gate.begin();
    const older = gate.round;
    gate.begin();
    gate.end(older);
    expect(gate.rebalancing).toBe(true);
    gate.end(gate.round);
    expect(gate.rebalancing).toBe(false);
    await gate.wait(0);
  });

  it('fails waiters at once when the worker stops', async () => {
    const gate = new RebalanceGate();
    const waiting = gate.wait(60_000).catch((e: unknown) => e);
    gate.close();
    expect(((await waiting) as RuntimeError).kind).toBe(RuntimeErrors.CONFLICT);
  });
});
