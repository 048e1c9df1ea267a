/** Starts a worker process for one load phase, bounded by a timeout, and returns its result. */
import { resolve } from 'node:path';
import { captureOutput, exitOf, spawnTracked, stopChild } from './children.ts';
import type { LoadSpec } from './workload.ts';
import { RESULT_PREFIX } from './worker.ts';

const WORKER = resolve(import.meta.dirname, 'worker.ts');

export async function runWorker<T>(client: string, phase: string, spec: LoadSpec, timeoutMs: number): Promise<T> {
  const child = spawnTracked(process.execPath, ['--max-old-space-size=4096', WORKER, client, phase, JSON.stringify(spec)]);
  const lines = captureOutput(child, 400);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void stopChild(child, 1_000);
  }, timeoutMs);
  const code = await exitOf(child);
  clearTimeout(timer);
  const resultLine = lines.find((line) => line.startsWith(RESULT_PREFIX));
  if (timedOut) throw new Error(`${client} ${phase} did not finish within ${timeoutMs / 1000} s\n${tail(lines)}`);
  if (code !== 0 || !resultLine) throw new Error(`${client} ${phase} failed (exit ${code})\n${tail(lines)}`);
  return JSON.parse(resultLine.slice(RESULT_PREFIX.length)) as T;
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
