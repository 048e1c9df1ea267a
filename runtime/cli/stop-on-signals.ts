// Stops a long-running command cleanly on SIGTERM/SIGINT (Ctrl-C): exit 0 when the stop
// completes, 1 when it fails; a second signal while stopping exits at once. Installed before
// start-up begins, so a signal that arrives while things are still starting waits for the
// start to finish and then stops cleanly, instead of killing the process mid-way.
import type { Logger } from 'pino';

export interface Stoppable {
  stop(): Promise<void>;
}

export function stopOnSignals(logger: Logger, what: string, started: Promise<Stoppable>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, `second signal: exiting without waiting for the ${what} to stop`);
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, `stopping ${what}`);
    started
      .then((running) => running.stop())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, `${what} did not stop cleanly`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
