/**
 * Memory and CPU of a server process under test, read from /proc (Linux only).
 *
 * Peak RSS is the kernel's own high-water mark (VmHWM), which catches spikes that a poller
 * would miss; a poller of VmRSS runs alongside so that each phase also gets its own peak
 * (VmHWM only ever grows over the process's life).
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const MiB = 1024 * 1024;

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number.parseInt(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim(), 10) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

export interface MemoryStatus {
  /** Resident set size now, bytes. */
  rss: number;
  /** Peak resident set size over the process's life (VmHWM), bytes. */
  peakRss: number;
}

export function readMemory(pid: number): MemoryStatus | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Number(match[1]) * 1024 : 0;
  };
  return { rss: field('VmRSS'), peakRss: field('VmHWM') };
}

/** User + system CPU time the process has used so far, seconds (all its threads). */
export function readCpuSeconds(pid: number): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces; fields after it start past the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  return (utime + stime) / ticksPerSecond();
}

/**
 * CPU seconds the whole machine has spent busy so far, all cores together (/proc/stat: every
 * state but idle and iowait). The difference over a phase, less what the measured processes
 * used, is what other work on the machine took from them.
 */
export function readMachineBusySeconds(): number | undefined {
  let text: string;
  try {
    text = readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
  const fields = text.slice(0, text.indexOf('\n')).trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / ticksPerSecond();
}

export interface PhaseUsage {
  /** Highest VmRSS seen by the poller during the phase, bytes. */
  peakRss: number;
  /** CPU seconds the process used during the phase. */
  cpuSeconds: number;
}

/** Polls one process's RSS while a phase runs; `stop()` gives the phase's peak and CPU use. */
export class UsageSampler {
  readonly #pid: number;
  readonly #timer: NodeJS.Timeout;
  readonly #cpuAtStart: number;
  #peak = 0;

  constructor(pid: number, intervalMs = 50) {
    this.#pid = pid;
    this.#cpuAtStart = readCpuSeconds(pid) ?? 0;
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), intervalMs);
    this.#timer.unref();
  }

  #sample(): void {
    const memory = readMemory(this.#pid);
    if (memory && memory.rss > this.#peak) this.#peak = memory.rss;
  }

  stop(): PhaseUsage {
    clearInterval(this.#timer);
    this.#sample();
    const cpu = readCpuSeconds(this.#pid);
    return { peakRss: this.#peak, cpuSeconds: cpu === undefined ? Number.NaN : cpu - this.#cpuAtStart };
  }
}

export function toMiB(bytes: number): number {
  return bytes / MiB;
}
