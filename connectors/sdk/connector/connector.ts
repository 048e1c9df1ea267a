/**
 * The base of every connector. A connector instance describes and validates its config, splits the work
 * into task configs (at most `tasks.max` of them) and watches its source or sink for changes that need
 * new task configs; the tasks move the data. The runtime calls, in order: initialize(context),
 * start(props), taskConfigs(maxTasks) (again after requestTaskReconfiguration()), stop().
 * `version()`, `config()` and `validate()` may be called on an instance that was never started.
 */
import { ConnectException } from '../errors.ts';
import type { ConfigDef } from '../config/config-def.ts';
import type { ConfigValidationResult } from '../config/config-validation.ts';
import type { MaybePromise } from '../maybe-promise.ts';
import type { Props } from '../props.ts';
import type { Task, TaskClass } from '../task/task.ts';
import type { ConnectorContext } from './connector-context.ts';

export abstract class Connector<C extends ConnectorContext = ConnectorContext> {
  #context: C | null = null;

  /** Called once by the runtime before start(). */
  initialize(context: C): void {
    this.#context = context;
  }

  get context(): C {
    if (!this.#context) throw new ConnectException(`${this.constructor.name} has no context yet: the runtime calls initialize() before start()`);
    return this.#context;
  }

  /** The plugin's version, shown by GET /connector-plugins. */
  abstract version(): string;

  /** The connector's config definition (a JSON Schema); the source of docs and /config/validate. */
  abstract config(): ConfigDef<unknown>;

  /**
   * Per-field validation of a proposed config. The default checks it against config(); override to add
   * checks that need the outside world (can we connect?), adding messages to the entries' `errors`.
   */
  validate(props: Props): MaybePromise<ConfigValidationResult> {
    return this.config().validate(props);
  }

  abstract start(props: Props): MaybePromise<void>;

  abstract taskClass(): TaskClass<Task>;

  /** Up to maxTasks configs, one per task to run. */
  abstract taskConfigs(maxTasks: number): MaybePromise<Props[]>;

  abstract stop(): MaybePromise<void>;
}
