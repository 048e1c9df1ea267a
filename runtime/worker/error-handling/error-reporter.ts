/** Somewhere tolerated failures go: the log, the dead letter queue. */
import type { ProcessingFailure } from './processing-failure.ts';

export interface ErrorReporter {
  /** Resolves once the report is done (for the dead letter queue: acknowledged). Never rejects. */
  report(failure: ProcessingFailure): Promise<void>;
  close?(): Promise<void>;
}
