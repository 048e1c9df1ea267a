/**
 * Runs one load phase of one Node client in its own process:
 *   node bench/support/worker.ts <client> <phase> '<LoadSpec JSON>'
 * and prints `BENCH-RESULT <json>` on stdout. A fresh process per phase keeps one phase's heap
 * and GC debt out of the next, and lets the orchestrator kill a phase that overruns.
 */
import type { LoadSpec } from './workload.ts';

type Phase = 'produce' | 'consume' | 'latency';
type Loader = Record<Phase, (spec: LoadSpec) => Promise<unknown>>;

const CLIENTS: Record<string, () => Promise<Loader>> = {
  'sluice-node': () => import('../sluice/node-client-load.ts') as Promise<Loader>,
  nats: () => import('../peers/nats-jetstream.ts') as Promise<Loader>,
  redis: () => import('../peers/redis-streams.ts') as Promise<Loader>,
};

export const RESULT_PREFIX = 'BENCH-RESULT ';

async function main(): Promise<unknown> {
  const [client, phase, specJson] = process.argv.slice(2);
  const load = client ? CLIENTS[client] : undefined;
  if (!load || !phase || !specJson || !['produce', 'consume', 'latency'].includes(phase)) {
    throw new Error(`usage: worker.ts <${Object.keys(CLIENTS).join('|')}> <produce|consume|latency> '<spec json>'`);
  }
  const loader = await load();
  return loader[phase as Phase](JSON.parse(specJson) as LoadSpec);
}

/**
 * The end of every benchmark child process: prints `BENCH-RESULT <json>` and exits 0, or prints the
 * error (causes included) and exits 1.
 */
export function reportAndExit(work: Promise<unknown>): void {
  work.then(
    (result) => {
      process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(describeError(error));
      process.exit(1);
    },
  );
}

/** The error with its causes and, for an AggregateError, the errors inside (what Kafka clients throw). */
function describeError(error: unknown, depth = 0): string {
  if (!(error instanceof Error)) return String(error);
  const lines = [error.stack ?? error.message];
  if (depth < 3) {
    const inner = error instanceof AggregateError ? error.errors : [];
    for (const e of inner.slice(0, 3)) lines.push(`  inner: ${describeError(e, depth + 1)}`);
    if (error.cause) lines.push(`  cause: ${describeError(error.cause, depth + 1)}`);
  }
  return lines.join('\n');
}

if (import.meta.main) reportAndExit(main());
