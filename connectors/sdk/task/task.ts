/**
 * The base of source and sink tasks. The runtime creates a task with `new TaskClass()`, then calls
 * initialize(context), start(props) with one of the connector's task configs, the data methods, and
 * finally stop(). stop() may arrive while a poll() or put() is still pending: make pending calls settle
 * promptly once stopped.
 */
import { ConnectException } from '../errors.ts';
import type { MaybePromise } from '../maybe-promise.ts';
import type { Props } from '../props.ts';

export abstract class Task<C = unknown> {
  #context: C | null = null;

  initialize(context: C): void {
    this.#context = context;
  }

  get context(): C {
    if (!this.#context) throw new ConnectException(`${this.constructor.name} has no context yet: the runtime calls initialize() before start()`);
    return this.#context;
  }

  abstract version(): string;

  abstract start(props: Props): MaybePromise<void>;

  abstract stop(): MaybePromise<void>;
}

/** A task class as connectors return it from taskClass(). */
export type TaskClass<T extends Task = Task> = new () => T;
