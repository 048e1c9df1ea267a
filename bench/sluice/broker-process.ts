/**
 * The system under test: the real broker as its own process (`sluice broker start`), on a free
 * loopback port (port 0) with a fresh temp data dir, exactly as a user would run it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { captureOutput, exitOf, spawnTracked, stopChild } from '../support/children.ts';

// The compiled CLI, as a user installs it (`npm run bench` builds first): running the .ts sources
// directly would add Node's type-stripping to the broker's memory and start-up.
const CLI = resolve(import.meta.dirname, '../../dist/runtime/cli/main.js');

export interface SluiceBroker {
  bootstrap: string;
  pid: number;
  dataDir: string;
  child: ChildProcess;
  /** The broker's last log lines (pino JSON), for error reports and the odd-behaviour scan. */
  output: string[];
  stop(): Promise<void>;
}

export async function startSluiceBroker(config?: Record<string, unknown>, startTimeoutMs = 30_000): Promise<SluiceBroker> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-bench-broker-'));
  const args = [CLI, 'broker', 'start', '--data-dir', dataDir, '--listen', '127.0.0.1:0'];
  if (config && Object.keys(config).length > 0) args.push('--config', JSON.stringify(config));
  const child = spawnTracked(process.execPath, args);
  const output = captureOutput(child, 2_000);
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });

  let port: number;
  try {
    port = await new Promise<number>((resolvePort, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "broker started" line within ${startTimeoutMs} ms`)), startTimeoutMs);
      const onData = (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n')) {
          const match = /"address":"[^"]*:(\d+)"/.exec(line);
          if (match && line.includes('broker started')) {
            clearTimeout(timer);
            child.stdout?.off('data', onData);
            resolvePort(Number(match[1]));
          }
        }
      };
      child.stdout?.on('data', onData);
      exitOf(child).then((code) => {
        clearTimeout(timer);
        reject(new Error(`broker exited (${code}) before it was listening`));
      });
    });
  } catch (error) {
    await stopChild(child);
    cleanup();
    throw new Error(`${(error as Error).message}\n${output.slice(-30).join('\n')}`);
  }

  return {
    bootstrap: `127.0.0.1:${port}`,
    pid: child.pid!,
    dataDir,
    child,
    output,
    async stop() {
      await stopChild(child, 10_000);
      cleanup();
    },
  };
}

/** Log lines at warn level or above (pino: 40 warn, 50 error, 60 fatal). */
export function brokerProblems(output: string[]): string[] {
  return output.filter((line) => {
    const match = /"level":(\d+)/.exec(line);
    return match ? Number(match[1]) >= 40 : !line.startsWith('{');
  });
}
