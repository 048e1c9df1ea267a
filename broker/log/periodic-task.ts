/**
 * A background job run every intervalMs. Runs never overlap (a tick is skipped while the previous run is
 * still going), the timer does not keep the process alive, and stop() waits for the run in progress.
 */
export class PeriodicTask {
  private readonly intervalMs: number;
  private readonly job: () => Promise<unknown> | void;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(intervalMs: number, job: () => Promise<unknown> | void) {
    this.intervalMs = intervalMs;
    this.job = job;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    const run = (async () => {
      try {
        await this.job();
      } catch (err) {
        process.emitWarning(err instanceof Error ? err : String(err), { code: 'SLUICE_PERIODIC_TASK' });
      }
    })();
    this.running = run.finally(() => {
      this.running = null;
    });
  }
}
