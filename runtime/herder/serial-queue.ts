/** Jobs run one after another, in submission order; a failed job does not stop the ones after it. */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;
  #idle: (() => void)[] = [];

  get pending(): number {
    return this.#pending;
  }

  run<T>(job: () => Promise<T>): Promise<T> {
    this.#pending++;
    const next = this.#tail.then(job);
    this.#tail = next.catch(() => {}).finally(() => {
      if (--this.#pending === 0) for (const resolve of this.#idle.splice(0)) resolve();
    });
    return next;
  }

  /** Resolves once no job is queued or running (jobs queued meanwhile included). */
  idle(): Promise<void> {
    return this.#pending === 0 ? Promise.resolve() : new Promise((resolve) => this.#idle.push(resolve));
  }
}
