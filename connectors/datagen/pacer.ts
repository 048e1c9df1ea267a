/**
 * Spreads records evenly over time at a target rate. Records owed for time already past are granted
 * at once (so a slow consumer does not lower the average), but never more than a second's worth, so
 * a task that was paused does not burst afterwards.
 */
import { sleep } from './sleep.ts';

const MAX_WAIT_MS = 1000;

export class Pacer {
  readonly #perSecond: number;
  #startedAt: number | null = null;
  #granted = 0;

  /** perSecond 0 means unlimited. */
  constructor(perSecond: number) {
    this.#perSecond = perSecond;
  }

  /** How many of `wanted` records may go now; waits (at most a second) when none may. */
  async take(wanted: number, signal: AbortSignal): Promise<number> {
    if (this.#perSecond <= 0) return wanted;
    let due = this.#due();
    if (due <= 0) {
      const waitMs = (this.#granted / this.#perSecond) * 1000 - this.#elapsedMs();
      await sleep(Math.min(Math.max(waitMs, 1), MAX_WAIT_MS), signal);
      due = this.#due();
    }
    const granted = Math.max(0, Math.min(wanted, due));
    this.#granted += granted;
    return granted;
  }

  #due(): number {
    const owed = Math.floor((this.#elapsedMs() / 1000) * this.#perSecond) + 1;
    this.#granted = Math.max(this.#granted, owed - Math.ceil(this.#perSecond));
    return owed - this.#granted;
  }

  #elapsedMs(): number {
    this.#startedAt ??= performance.now();
    return performance.now() - this.#startedAt;
  }
}
