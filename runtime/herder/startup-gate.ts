/**
 * Requests that reach a herder before it has read its state (the REST server starts first, since the
 * herder advertises its URL) wait for it, as Connect's queue them until its herder thread runs; they
 * give up with CONFLICT (409) after the timeout, or at once if starting failed.
 */
import { RuntimeError, RuntimeErrors } from '../errors.ts';

export class StartupGate {
  #state: 'waiting' | 'open' | 'failed' = 'waiting';
  #failure: unknown;
  #waiters: (() => void)[] = [];

  get isOpen(): boolean {
    return this.#state === 'open';
  }

  open(): void {
    this.#settle('open');
  }

  fail(error: unknown): void {
    this.#failure = error;
    this.#settle('failed');
  }

  async wait(timeoutMs: number): Promise<void> {
    if (this.#state === 'waiting') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (this.#state === 'open') return;
    const why = this.#state === 'failed' ? `it failed to start: ${(this.#failure as Error)?.message ?? String(this.#failure)}` : 'it is still starting; retry shortly';
    throw new RuntimeError(RuntimeErrors.CONFLICT, `The worker cannot serve requests: ${why}`, { cause: this.#failure });
  }

  #settle(state: 'open' | 'failed'): void {
    if (this.#state !== 'waiting') return;
    this.#state = state;
    for (const resolve of this.#waiters.splice(0)) resolve();
  }
}
