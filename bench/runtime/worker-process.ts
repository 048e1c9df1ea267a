/**
 * A Sluice Connect worker as its own process, run from the compiled CLI (`npm run build` first) as a
 * user runs it: `sluice worker start --standalone ...` or `sluice worker start --group-id ...`, plus a
 * small REST client for it. Every process goes through spawnTracked, so it is killed on the way out.
 */
import { createWriteStream, writeFileSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { ChildProcess } from 'node:child_process';
import { exitOf, hasExited, spawnTracked, stopChild } from '../support/children.ts';
import { wallMs } from '../support/member-process.ts';

const CLI = resolve(import.meta.dirname, '../../dist/runtime/cli/main.js');

/** A worker log line (pino JSON) the benchmark keeps: time is pino's epoch ms. */
export interface WorkerLogLine {
  level: number;
  time: number;
  msg: string;
  [field: string]: unknown;
}

/** Log messages kept whatever their level (the rebalance phase times them). */
const KEPT_MESSAGES = new Set(['joined the group', 'assignment received', 'lost group membership', 'left the group', 'worker started']);

export interface WorkerOptions {
  name: string;
  bootstrap: string;
  restPort: number;
  /** Worker props (Connect's names); written to <dir>/<name>.json and passed with --config. */
  props: Record<string, string>;
  dir: string;
  /** Distributed mode when set. */
  groupId?: string;
  /** Standalone mode: connector config files ({name, config}). */
  connectorFiles?: string[];
  /** Also write every output line to this file (the --logs option). */
  logFile?: string;
}

export class WorkerProcess {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Warnings and errors (pino level ≥ 40), group events, and non-JSON output. */
  readonly kept: WorkerLogLine[] = [];
  /** The last lines, whatever they are, for error reports. */
  readonly tail: string[] = [];
  readonly spawnedAt = wallMs();
  killedAt: number | undefined;
  readonly #log: WriteStream | undefined;

  constructor(options: WorkerOptions) {
    this.name = options.name;
    this.port = options.restPort;
    this.url = `http://127.0.0.1:${options.restPort}`;
    const configFile = join(options.dir, `${options.name}.json`);
    writeFileSync(configFile, JSON.stringify(options.props, null, 2));
    const args = [CLI, 'worker', 'start', '--bootstrap-server', options.bootstrap, '--rest-port', String(options.restPort), '--config', configFile];
    if (options.groupId !== undefined) args.push('--group-id', options.groupId);
    else args.push('--standalone', ...(options.connectorFiles ?? []));
    this.child = spawnTracked(process.execPath, args);
    if (options.logFile) {
      const log = createWriteStream(options.logFile, { flags: 'a' });
      log.on('error', () => {});
      this.#log = log;
      this.child.once('close', () => log.end());
    }
    for (const stream of [this.child.stdout!, this.child.stderr!]) createInterface({ input: stream }).on('line', (line) => this.#line(line));
  }

  #line(line: string): void {
    this.#log?.write(`${line}\n`);
    this.tail.push(line);
    if (this.tail.length > 300) this.tail.shift();
    if (!line.startsWith('{')) {
      this.kept.push({ level: 50, time: Date.now(), msg: line });
      return;
    }
    try {
      const parsed = JSON.parse(line) as WorkerLogLine;
      if (parsed.level >= 40 || KEPT_MESSAGES.has(parsed.msg)) this.kept.push(parsed);
    } catch {
      this.kept.push({ level: 50, time: Date.now(), msg: line });
    }
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get exited(): boolean {
    return hasExited(this.child);
  }

  /** Waits until `GET /` answers 200; throws if the process exits first or the time runs out. */
  async ready(timeoutMs = 60_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (this.exited) throw new Error(`worker ${this.name} exited (${this.child.exitCode ?? this.child.signalCode}) before its REST API answered\n${this.describe()}`);
      try {
        const res = await fetch(`${this.url}/`, { signal: AbortSignal.timeout(2_000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (performance.now() > deadline) throw new Error(`worker ${this.name}: REST API did not answer within ${timeoutMs / 1000} s\n${this.describe()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async rest<T = unknown>(method: string, path: string, body?: unknown, timeoutMs = 30_000): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T };
  }

  /** POST /connectors; throws unless 201. */
  async createConnector(name: string, config: Record<string, string>): Promise<void> {
    const res = await this.rest('POST', '/connectors', { name, config });
    if (res.status !== 201) throw new Error(`creating connector ${name} on ${this.name}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** SIGKILL (no goodbye to the group); returns the wall-clock ms just before the signal. */
  kill(): number {
    this.killedAt = wallMs();
    this.child.kill('SIGKILL');
    return this.killedAt;
  }

  async stop(graceMs = 10_000): Promise<void> {
    await stopChild(this.child, graceMs);
  }

  exitedPromise(): Promise<number | string | null> {
    return exitOf(this.child);
  }

  /** Warnings and errors it logged (level ≥ 40), as short lines. */
  problems(): string[] {
    return this.kept.filter((l) => l.level >= 40).map((l) => `${this.name}: ${l.msg}${l.err ? ` (${describeErr(l.err)})` : ''}`);
  }

  describe(): string {
    return `${this.name} (pid ${this.pid}${this.exited ? `, exited ${this.child.exitCode ?? this.child.signalCode}` : ''}):\n${this.tail
      .slice(-20)
      .map((l) => `  | ${l.slice(0, 400)}`)
      .join('\n')}`;
  }
}

function describeErr(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message: unknown }).message).slice(0, 300);
  return String(err).slice(0, 300);
}

export async function startWorker(options: WorkerOptions, timeoutMs = 60_000): Promise<WorkerProcess> {
  const worker = new WorkerProcess(options);
  try {
    await worker.ready(timeoutMs);
  } catch (error) {
    await worker.stop(2_000);
    throw error;
  }
  return worker;
}

/** Connector status as GET /connectors/{name}/status answers it. */
export interface ConnectorStatus {
  name: string;
  connector: { state: string; worker_id: string; trace?: string };
  tasks: { id: number; state: string; worker_id: string; trace?: string }[];
  type?: string;
}
