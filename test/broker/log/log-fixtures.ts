/**
 * Test fixtures: throwaway data dirs under os.tmpdir(), a settable clock, and opening a partition log
 * with config overrides.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { logConfigWith } from '../../../broker/log/log-config.ts';
import { PartitionLog } from '../../../broker/log/partition-log.ts';

const created: string[] = [];
const openLogs: PartitionLog[] = [];

afterEach(async () => {
  for (const log of openLogs.splice(0)) await log.close();
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-log-'));
  created.push(dir);
  return dir;
}

export class TestClock {
  nowMs: number;

  constructor(startMs = 1_700_000_000_000) {
    this.nowMs = startMs;
  }

  readonly now = (): number => this.nowMs;

  advance(ms: number): void {
    this.nowMs += ms;
  }
}

export interface OpenLogOptions {
  readonly configs?: Record<string, string | number>;
  readonly clock?: TestClock;
  readonly cleanShutdown?: boolean;
}

export async function openLog(dir: string, options: OpenLogOptions = {}): Promise<PartitionLog> {
  const log = await PartitionLog.open({
    dir,
    topic: 't',
    partition: 0,
    config: logConfigWith(options.configs ?? {}),
    now: options.clock?.now,
    cleanShutdown: options.cleanShutdown,
  });
  openLogs.push(log);
  return log;
}
