/**
 * The coordinator's timers (session expiries, rebalance deadlines), by key, so re-arming replaces and
 * close() clears every one. Once closed nothing is armed any more, not even by a write to
 * __consumer_offsets that completes after the close. Timers are unref'd: a pending deadline never
 * keeps the process alive.
 */
const MAX_DELAY_MS = 2 ** 31 - 1;

export class KeyedTimers {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private closed = false;

  set(key: string, delayMs: number, fire: () => void): void {
    this.clear(key);
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      fire();
    }, Math.min(Math.max(delayMs, 0), MAX_DELAY_MS));
    timer.unref?.();
    this.timers.set(key, timer);
  }

  has(key: string): boolean {
    return this.timers.has(key);
  }

  clear(key: string): void {
    const timer = this.timers.get(key);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(key);
  }

  clearPrefix(prefix: string): void {
    for (const key of [...this.timers.keys()]) if (key.startsWith(prefix)) this.clear(key);
  }

  /** Clears every timer and arms none from now on. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  get size(): number {
    return this.timers.size;
  }
}
