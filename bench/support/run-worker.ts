/** Benchmark child processes bounded by a timeout: a load phase's worker, or any script that prints a BENCH-RESULT line. */
import { resolve } from 'node:path';
import { captureOutput, exitOf, spawnTracked, stopChild } from './children.ts';
import { readMemory } from './process-stats.ts';
import type { LoadSpec } from './workload.ts';
import { RESULT_PREFIX } from './worker.ts';

const WORKER = resolve(import.meta.dirname, 'worker.ts');

export function runWorker<T>(client: string, phase: string, spec: LoadSpec, timeoutMs: number): Promise<T> {
  return runScript<T>(WORKER, [client, phase, JSON.stringify(spec)], `${client} ${phase}`, timeoutMs, { keepLines: 400 });
}

/**
 * Runs a benchmark child script (it prints `BENCH-RESULT <json>`, see worker.ts) under a timeout and
 * returns its result; with `trackPeakRss`, also the process's peak RSS (sampled every 200 ms).
 */
export async function runScript<T>(script: string, args: string[], what: string, timeoutMs: number, options: { keepLines?: number; trackPeakRss?: boolean } = {}): Promise<T & { peakRss?: number }> {
  const child = spawnTracked(process.execPath, ['--max-old-space-size=4096', script, ...args]);
  const lines = captureOutput(child, options.keepLines ?? 200);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void stopChild(child, 1_000);
  }, timeoutMs);
  let peakRss: number | undefined;
  const rssTimer = options.trackPeakRss
    ? setInterval(() => {
        const m = child.pid ? readMemory(child.pid) : undefined;
        // An exiting process's status has no VmHWM any more (read as 0): keep the highest value seen.
        if (m && m.peakRss > 0) peakRss = Math.max(peakRss ?? 0, m.peakRss);
      }, 200)
    : undefined;
  const code = await exitOf(child);
  clearTimeout(timer);
  clearInterval(rssTimer);
  const resultLine = lines.find((line) => line.startsWith(RESULT_PREFIX));
  if (timedOut) throw new Error(`${what} did not finish within ${timeoutMs / 1000} s\n${tail(lines)}`);
  if (code !== 0 || !resultLine) throw new Error(`${what} failed (exit ${code})\n${tail(lines)}`);
  return { ...(JSON.parse(resultLine.slice(RESULT_PREFIX.length)) as T), peakRss };
}

function tail(lines: string[], n = 30): string {
  return lines.slice(-n).map((line) => `  | ${line}`).join('\n');
}

/** Rejects if `promise` has not settled within `ms`; `onTimeout` may kill what it waits on. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new Error(`${what} did not finish within ${ms / 1000} s`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
