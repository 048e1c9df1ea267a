/**
 * What source and sink tasks share (Connect's WorkerTask): the lifecycle start → run → close, status
 * reports, target states and stopping.
 *
 * - start() runs the task in the background and resolves when it is RUNNING/PAUSED (true) or has
 *   failed before getting there (false).
 * - A failure anywhere (start, the loop) reports FAILED with the stack trace; the task then closes
 *   and reports nothing more. A clean stop reports UNASSIGNED.
 * - stop() asks the loop to finish; the Worker waits for `done` up to the graceful timeout and then
 *   cancel()s: an abandoned task reports no more statuses and commits no more offsets, because a
 *   new instance of it may already be running.
 * - PAUSED and STOPPED target states both pause the task (stopping tasks is the herder's job).
 */
import type { Logger } from 'pino';
import type { ConnectorTaskId, State, TargetState } from '../herder/connect-types.ts';
import { RetryInterrupted } from './error-handling/retry-with-tolerance.ts';
import { failureTrace } from './failure-trace.ts';
import type { StatusListener } from './status-listener.ts';
import { Wakeup } from './wakeup.ts';

export interface WorkerTaskOptions {
  readonly id: ConnectorTaskId;
  readonly targetState: TargetState;
  readonly onStatus: StatusListener;
  readonly logger: Logger;
}

export abstract class WorkerTask {
  readonly id: ConnectorTaskId;
  protected readonly logger: Logger;
  /** Rung on stop, target-state changes and acknowledgements; loops wait on it when idle. */
  protected readonly wakeup = new Wakeup();
  readonly #onStatus: StatusListener;
  readonly #abort = new AbortController();
  #targetState: TargetState;
  #running = false;
  #stopping = false;
  #cancelled = false;
  #failed = false;
  #done: Promise<void> | undefined;
  #started: ((running: boolean) => void) | undefined;

  constructor(options: WorkerTaskOptions) {
    this.id = options.id;
    this.logger = options.logger;
    this.#onStatus = options.onStatus;
    this.#targetState = options.targetState;
  }

  get targetState(): TargetState {
    return this.#targetState;
  }

  get isStopping(): boolean {
    return this.#stopping;
  }

  get isCancelled(): boolean {
    return this.#cancelled;
  }

  get isFailed(): boolean {
    return this.#failed;
  }

  /** Settles when the task has finished closing. */
  get done(): Promise<void> {
    return this.#done ?? Promise.resolve();
  }

  protected get paused(): boolean {
    return this.#targetState !== 'STARTED';
  }

  /** Aborted when the task is asked to stop. */
  protected get stopSignal(): AbortSignal {
    return this.#abort.signal;
  }

  start(): Promise<boolean> {
    if (this.#done) throw new Error(`Task ${this.#name} was already started`);
    const started = new Promise<boolean>((resolve) => {
      this.#started = resolve;
    });
    this.#done = this.#run();
    return started;
  }

  transitionTo(state: TargetState): void {
    if (this.#stopping || this.#failed || state === this.#targetState) return;
    const wasPaused = this.paused;
    this.#targetState = state;
    if (this.#running && wasPaused !== this.paused) this.#report(this.paused ? 'PAUSED' : 'RUNNING');
    this.onTargetStateChange();
    this.wakeup.ring();
  }

  stop(): void {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#abort.abort();
    this.onStopRequested();
    this.wakeup.ring();
  }

  /** Abandons the task after a stop that took too long. */
  cancel(): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    this.stop();
    this.onCancel();
  }

  /** Opens clients, creates the connector's task, calls its initialize() and start(). */
  protected abstract initialize(): Promise<void>;

  /** The task loop; returns once isStopping (or throws). */
  protected abstract execute(): Promise<void>;

  /** Final offset commit (unless cancelled), stopping the connector's task, closing clients. Runs after success and failure alike. */
  protected abstract close(): Promise<void>;

  protected onStopRequested(): void {}

  protected onTargetStateChange(): void {}

  protected onCancel(): void {}

  async #run(): Promise<void> {
    try {
      await this.initialize();
      if (!this.#stopping) {
        this.#running = true;
        this.#report(this.paused ? 'PAUSED' : 'RUNNING');
        this.#started?.(true);
        await this.execute();
      }
    } catch (error) {
      if (!(error instanceof RetryInterrupted && this.#stopping)) this.#fail(error);
    } finally {
      this.#running = false;
      this.#started?.(false);
    }
    try {
      await this.close();
    } catch (error) {
      this.logger.warn({ err: error }, `Task ${this.#name} did not close cleanly`);
    }
    if (!this.#failed) this.#report('UNASSIGNED');
    this.logger.info(`Task ${this.#name} ${this.#failed ? 'closed after failing' : 'stopped'}`);
  }

  #fail(error: unknown): void {
    this.#failed = true;
    if (this.#cancelled) {
      this.logger.warn({ err: error }, `Abandoned task ${this.#name} failed`);
      return;
    }
    this.logger.error({ err: error }, `Task ${this.#name} failed; it will not recover until restarted`);
    this.#report('FAILED', failureTrace(error));
  }

  #report(state: State, trace?: string): void {
    if (this.#cancelled) return;
    try {
      this.#onStatus(state, trace);
    } catch (error) {
      this.logger.warn({ err: error, state }, 'The status listener threw');
    }
  }

  get #name(): string {
    return `${this.id.connector}-${this.id.task}`;
  }
}
