/** errors.log.enable: one error log entry per tolerated failure, with the record's content if asked. */
import type { Logger } from 'pino';
import type { ErrorReporter } from './error-reporter.ts';
import { describeRecord, type ProcessingFailure } from './processing-failure.ts';

export class LogReporter implements ErrorReporter {
  readonly #logger: Logger;
  readonly #includeMessages: boolean;

  constructor(logger: Logger, includeMessages: boolean) {
    this.#logger = logger;
    this.#includeMessages = includeMessages;
  }

  async report(failure: ProcessingFailure): Promise<void> {
    const which = failure.record.kind === 'consumed' ? 'consumed record' : 'source record';
    this.#logger.error(
      { err: failure.error, stage: failure.stage, class: failure.className },
      `Error in task ${failure.task.connector}-${failure.task.task} at stage ${failure.stage} (class ${failure.className}); ${which} ${describeRecord(failure.record, this.#includeMessages)}`,
    );
  }
}
