/**
 * Starts a real worker process (`sluice worker start`) and waits until its REST API
 * answers. Used by the multi-worker integration tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const CLI = resolve(import.meta.dirname, '../../runtime/cli/main.ts');

export interface WorkerProcess {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  readonly output: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  kill(): Promise<void>;
}

export interface WorkerOptions {
  bootstrap: string;
  groupId: string;
  restPort: number;
  /** Extra worker settings (Connect's names). */
  config?: Record<string, string | number | boolean>;
}

export async function startWorkerProcess(options: WorkerOptions): Promise<WorkerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-worker-'));
  const configFile = join(dir, 'worker.json');
  writeFileSync(configFile, JSON.stringify(options.config ?? {}));
  const args = [CLI, 'worker', 'start', '--bootstrap-server', options.bootstrap, '--group-id', options.groupId, '--rest-port', String(options.restPort), '--config', configFile];
  return spawnWorker(args, options.restPort);
}

export async function startStandaloneWorkerProcess(options: { bootstrap: string; restPort: number; connectorFiles: string[]; config?: Record<string, string | number | boolean> }): Promise<WorkerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-standalone-'));
  const configFile = join(dir, 'worker.json');
  writeFileSync(configFile, JSON.stringify({ 'offset.storage.file.filename': join(dir, 'offsets.json'), ...options.config }));
  const args = [CLI, 'worker', 'start', '--bootstrap-server', options.bootstrap, '--rest-port', String(options.restPort), '--config', configFile, '--standalone', ...options.connectorFiles];
  return spawnWorker(args, options.restPort);
}

async function spawnWorker(args: string[], port: number): Promise<WorkerProcess> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (l) => output.push(l));
  createInterface({ input: child.stderr! }).on('line', (l) => output.push(l));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}:\n${output.join('\n')}`);
    try {
      const res = await fetch(`${url}/`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`worker REST API did not answer within 60 s:\n${output.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
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
  };
}

/** A free TCP port on loopback (bound and released). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
