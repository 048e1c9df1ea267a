/**
 * Group members as separate processes, seen from the orchestrator (bench/group-throughput.ts).
 *
 * A member (bench/sluice/group-member.py, bench/sluice/group-node-member.ts,
 * bench/peers/nats-group-member.ts) prints one JSON object per line on stdout,
 * `{"ev": <name>, "t": <wall-clock ms>, ...}`, and takes commands as lines on stdin ("go",
 * "stop"; stdin closing means stop). Timestamps are taken inside the members, so how quickly
 * the orchestrator notices an event does not enter any figure; `until()` only needs to notice
 * eventually. bench/support/member-protocol.ts is the member side for the TypeScript members.
 */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { exitOf, hasExited, spawnTracked, stopChild } from './children.ts';

export interface MemberEvent {
  ev: string;
  /** Wall-clock milliseconds (fractional), taken by the member. */
  t: number;
  [field: string]: unknown;
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export const wallMs = (): number => performance.timeOrigin + performance.now();

export class MemberProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly events: MemberEvent[] = [];
  /** Lines that were not events (stderr, stray output), bounded, for error reports. */
  readonly log: string[] = [];
  /** When the orchestrator spawned it (wall clock). */
  readonly spawnedAt: number;
  killedAt?: number;

  constructor(name: string, command: string, args: string[]) {
    this.name = name;
    this.spawnedAt = wallMs();
    this.child = spawnTracked(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    // A member that exits (or is killed) leaves a closed pipe behind: writes to it must not throw.
    this.child.stdin?.on('error', () => {});
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      if (line.startsWith('{')) {
        try {
          this.events.push(JSON.parse(line) as MemberEvent);
          return;
        } catch {
          // not an event after all
        }
      }
      this.#keep(line);
    });
    createInterface({ input: this.child.stderr! }).on('line', (line) => this.#keep(line));
  }

  #keep(line: string): void {
    this.log.push(line);
    if (this.log.length > 200) this.log.shift();
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get exited(): boolean {
    return hasExited(this.child);
  }

  /** Events named `ev`, optionally only those at or after `since`. */
  all(ev: string, since = -Infinity): MemberEvent[] {
    return this.events.filter((e) => e.ev === ev && e.t >= since);
  }

  last(ev: string): MemberEvent | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) if (this.events[i]!.ev === ev) return this.events[i];
    return undefined;
  }

  send(command: string): void {
    if (!this.exited) this.child.stdin?.write(`${command}\n`);
  }

  /** Asks the member to close cleanly (LeaveGroup for Kafka), then waits; SIGTERM/SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.exited) return;
    this.send('stop');
    this.child.stdin?.end();
    const timer = setTimeout(() => void stopChild(this.child, 2_000), timeoutMs);
    await exitOf(this.child);
    clearTimeout(timer);
  }

  /** SIGKILL: no LeaveGroup, no goodbye. Returns the wall-clock time just before the signal. */
  kill(): number {
    this.killedAt = wallMs();
    this.child.kill('SIGKILL');
    return this.killedAt;
  }

  describe(): string {
    const tail = [...this.events.slice(-5).map((e) => JSON.stringify(e)), ...this.log.slice(-15)];
    return `${this.name} (pid ${this.pid}${this.exited ? `, exited ${this.child.exitCode ?? this.child.signalCode}` : ''}):\n${tail.map((l) => `  | ${l.slice(0, 400)}`).join('\n')}`;
  }
}

/**
 * Resolves with `check()`'s value once it is not undefined (checked every 10 ms); rejects after
 * `timeoutMs`, or at once if a member in `watch` exits while the check still fails.
 */
export async function until<T>(what: string, check: () => T | undefined, timeoutMs: number, watch: MemberProcess[] = []): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    const gone = watch.find((m) => m.exited && m.killedAt === undefined);
    if (gone) throw new Error(`${what}: member exited\n${gone.describe()}`);
    if (performance.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs / 1000} s\n${watch.map((m) => m.describe()).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Stops every member (clean close first), in parallel. */
export async function stopMembers(members: MemberProcess[], timeoutMs = 15_000): Promise<void> {
  await Promise.all(members.map((m) => m.stop(timeoutMs)));
}
