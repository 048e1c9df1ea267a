/**
 * Turns an error from a Kafka client into one readable line: client libraries wrap the
 * broker's per-resource errors (AggregateError trees); the user needs the innermost
 * server messages, not "Creating topics failed."
 */
export function describeError(err: unknown): string {
  const details = new Set<string>();
  const visit = (e: unknown, depth: number) => {
    if (!e || typeof e !== 'object' || depth > 5) return;
    const { serverErrorMessage, apiId } = e as { serverErrorMessage?: string; apiId?: string };
    if (serverErrorMessage) details.add(apiId && !serverErrorMessage.startsWith(apiId) ? `${apiId}: ${serverErrorMessage}` : serverErrorMessage);
    else if (apiId) details.add(`${apiId}: ${(e as Error).message}`);
    for (const inner of (e as { errors?: unknown[] }).errors ?? []) visit(inner, depth + 1);
    visit((e as { cause?: unknown }).cause, depth + 1);
  };
  visit(err, 0);
  const head = err instanceof Error ? err.message : String(err);
  return details.size ? `${head} ${[...details].join('; ')}` : head;
}
