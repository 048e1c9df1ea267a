/**
 * Starts the real broker as a child process (`sluice broker start`) on a free port with
 * its own data directory, and waits until it is listening.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const CLI = resolve(import.meta.dirname, '../../runtime/cli/main.ts');

export interface BrokerProcess {
  readonly host: string;
  readonly port: number;
  readonly bootstrap: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Log lines the broker printed (JSON lines from pino). */
  readonly output: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
  /** Removes the data directory (after stop). */
  cleanup(): void;
}

export interface StartOptions {
  dataDir?: string;
  port?: number;
  config?: Record<string, unknown>;
}

export function tempDataDir(prefix = 'sluice-broker-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startBrokerProcess(options: StartOptions = {}): Promise<BrokerProcess> {
  const dataDir = options.dataDir ?? tempDataDir();
  const args = [CLI, 'broker', 'start', '--data-dir', dataDir, '--listen', `127.0.0.1:${options.port ?? 0}`];
  if (options.config) args.push('--config', JSON.stringify(options.config));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));

  const port = await new Promise<number>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`broker did not start within 20 s:\n${output.join('\n')}`)), 20_000);
    const onLine = (line: string) => {
      output.push(line);
      const match = /"address":"[^"]*:(\d+)"/.exec(line);
      if (match && line.includes('broker started')) {
        clearTimeout(timer);
        res(Number(match[1]));
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`broker exited with ${code} before listening:\n${output.join('\n')}`));
    });
  });

  return {
    host: '127.0.0.1',
    port,
    bootstrap: `127.0.0.1:${port}`,
    dataDir,
    child,
    output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
