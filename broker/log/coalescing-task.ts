/**
 * Runs an async task so that at most one run is in flight and at most one more is queued: callers that
 * arrive while a run is in flight share the queued run, which starts after it and so covers their request.
 */
export class CoalescingTask {
  private readonly task: () => Promise<void>;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(task: () => Promise<void>) {
    this.task = task;
  }

  run(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) return this.start();
    const startQueued = (): Promise<void> => {
      this.queued = null;
      return this.start();
    };
    this.queued = this.running.then(startQueued, startQueued);
    return this.queued;
  }

  /** Settles once nothing is running or queued; never rejects. */
  async idle(): Promise<void> {
    while (this.running || this.queued) {
      await (this.queued ?? this.running)?.catch(() => undefined);
    }
  }

  private start(): Promise<void> {
    const run = this.task().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }
}
