/**
 * Listeners notified synchronously, in subscription order. A throwing listener is reported as a process
 * warning and does not stop the others: the event (an append) has already happened and must not fail.
 */
export class ListenerSet<Args extends unknown[]> {
  private readonly listeners = new Set<(...args: Args) => void>();

  /** Returns an unsubscribe function. */
  add(listener: (...args: Args) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(...args: Args): void {
    for (const listener of this.listeners) {
      try {
        listener(...args);
      } catch (err) {
        process.emitWarning(err instanceof Error ? err : String(err), { code: 'SLUICE_LISTENER' });
      }
    }
  }
}
