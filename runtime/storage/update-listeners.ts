/**
 * The listener set of a store: a failing listener is logged and does not keep the others, or the
 * store's reading, from going on.
 */
import type { Logger } from 'pino';

export class UpdateListeners<T> {
  readonly #listeners = new Set<(update: T) => void>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  add(listener: (update: T) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(updates: readonly T[]): void {
    for (const update of updates) {
      for (const listener of this.#listeners) {
        try {
          listener(update);
        } catch (error) {
          this.#logger.error({ err: error, update }, 'a store update listener failed');
        }
      }
    }
  }
}
