/**
 * Every process the benchmark starts goes through `spawnTracked`, so that all of them are
 * killed on the way out, whether the run finished, failed, timed out or was interrupted.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer, connect } from 'node:net';

const live = new Set<ChildProcess>();

export function spawnTracked(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.once('error', () => live.delete(child));
  return child;
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves with the exit code (or signal name) once the child has exited. */
export function exitOf(child: ChildProcess): Promise<number | string | null> {
  if (hasExited(child)) return Promise.resolve(child.exitCode ?? child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
}

/** SIGTERM, then SIGKILL if the child is still there after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (hasExited(child)) return;
  const exited = exitOf(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (!hasExited(child)) child.kill('SIGKILL');
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...live].map((child) => stopChild(child, 3_000)));
}

/** Last-resort synchronous kill, for process 'exit' handlers. */
export function killAllChildrenNow(): void {
  for (const child of live) if (!hasExited(child)) child.kill('SIGKILL');
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until something accepts TCP connections on host:port. */
export async function waitForPort(host: string, port: number, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (child && hasExited(child)) throw new Error(`process exited before listening on ${host}:${port}`);
    if (Date.now() > deadline) throw new Error(`nothing listening on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Collects a child's output lines (bounded) for error reports. */
export function captureOutput(child: ChildProcess, keep = 200): string[] {
  const lines: string[] = [];
  const push = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      lines.push(line);
      if (lines.length > keep) lines.shift();
    }
  };
  child.stdout?.on('data', push);
  child.stderr?.on('data', push);
  return lines;
}

/**
 * Runs a benchmark orchestrator's main(): every child is killed on the way out, SIGINT/SIGTERM stop
 * them all (exit 130), an error stops them and exits 2, otherwise main's exit code.
 */
export function runBenchMain(main: () => Promise<number>, tag = 'bench'): void {
  process.once('exit', killAllChildrenNow);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`[${tag}] ${signal}: stopping everything`);
      void stopAllChildren().finally(() => process.exit(130));
    });
  }
  main().then(
    (code) => process.exit(code),
    async (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      await stopAllChildren();
      process.exit(2);
    },
  );
}
