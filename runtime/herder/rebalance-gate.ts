/**
 * Whether the group's assignment is stable, for requests that need it (writes, restarts). A rebalance
 * begins when the member (re)joins and ends when this worker has taken in the assignment of that very
 * round; an assignment from an older round (another began meanwhile) does not end it. Waiters give up
 * after their timeout with REBALANCE_IN_PROGRESS (409), as Connect answers while it rebalances.
 */
import { RuntimeError, RuntimeErrors } from '../errors.ts';

export class RebalanceGate {
  #round = 0;
  #rebalancing = true;
  #closed = false;
  #waiters: (() => void)[] = [];

  get rebalancing(): boolean {
    return this.#rebalancing;
  }

  /** The current round, to hand to end() once its assignment is applied. */
  get round(): number {
    return this.#round;
  }

  begin(): void {
    this.#round++;
    this.#rebalancing = true;
  }

  /** The assignment of `round` is applied; stable unless a newer round has begun. */
  end(round: number): void {
    if (round !== this.#round || this.#closed) return;
    this.#rebalancing = false;
    this.#wake();
  }

  /** Stopping: waiters fail at once. */
  close(): void {
    this.#closed = true;
    this.#wake();
  }

  async wait(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#rebalancing || this.#closed) {
      if (this.#closed) throw new RuntimeError(RuntimeErrors.CONFLICT, 'The worker is stopping');
      const left = deadline - Date.now();
      if (left <= 0) throw new RuntimeError(RuntimeErrors.REBALANCE_IN_PROGRESS, 'Cannot complete the request: the group is rebalancing; retry shortly');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  #wake(): void {
    for (const resolve of this.#waiters.splice(0)) resolve();
  }
}
