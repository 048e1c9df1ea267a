// A process SIGKILLed at many points of a compaction pass leaves a log that reopens whole.
import { spawn } from 'node:child_process';
import { cpSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { compactLog } from '../../../broker/log/compaction-pass.ts';
import { appendUpdates, decodeStored, expectedAfterCompaction, expectSameNewestValues, keyedBatch, readAll } from './compaction-fixtures.ts';
import { TestClock, openLog, tempDir } from './log-fixtures.ts';

const CHILD = resolve(import.meta.dirname, 'compaction-crash-child.ts');
const CONFIGS = { 'cleanup.policy': 'compact', 'segment.bytes': 4096, 'segment.ms': 2500 };
const KILLS = 10;

/** Runs the child compaction on `dir`; kills it `killAfterMs` after it is ready (never when null). Resolves with ms from ready to exit. */
function runChild(dir: string, nowMs: number, killAfterMs: number | null): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, JSON.stringify(CONFIGS), String(nowMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let readyAt = 0;
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line !== 'ready') return;
      readyAt = performance.now();
      if (killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolvePromise(performance.now() - readyAt);
      else reject(new Error(`child exited with ${code}: ${stderr}`));
    });
  });
}

describe('compaction killed midway', () => {
  it('reopens with every key readable at its newest value, whatever the moment of the kill', async () => {
    const clock = new TestClock();
    const dir = tempDir();
    const log = await openLog(dir, { clock, configs: CONFIGS });
    appendUpdates(log, { keys: 10, rounds: 80, clock });
    log.append(keyedBatch([{ key: 'k3', value: null }], { timestamp: clock.nowMs }));
    appendUpdates(log, { keys: 3, rounds: 6, clock, prefix: 'w' });
    const before = readAll(log).records;
    const activeBase = log.segmentBaseOffsets.at(-1)!;
    await log.close();

    const uncut = tempDir();
    cpSync(dir, uncut, { recursive: true });
    const passMs = await runChild(uncut, clock.nowMs, null);
    const leftovers: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      const work = tempDir();
      cpSync(dir, work, { recursive: true });
      await runChild(work, clock.nowMs, (passMs * i) / KILLS);
      leftovers.push(...readdirSync(work).filter((name) => /\.(cleaned|swap)$/.test(name)));
      const reopened = await openLog(work, { clock, configs: CONFIGS });
      const records = readAll(reopened).records;
      expectSameNewestValues(before, records);
      const offsets = new Set(before.map((record) => record.offset));
      expect(records.every((record) => offsets.has(record.offset))).toBe(true);
      for (const record of records) {
        expect(decodeStored(reopened.read(record.offset, 1).records).records.find((r) => r.offset >= record.offset)).toEqual(record);
      }
      await compactLog(reopened, { nowMs: clock.nowMs });
      expect(readAll(reopened).records).toEqual(expectedAfterCompaction(before, activeBase));
      await reopened.close();
    }
    // Not asserted (timing decides), but shown when investigating: the crash states the kills left.
    if (process.env.SLUICE_DEBUG) console.log(`pass ${passMs.toFixed(1)} ms; leftovers`, leftovers);
  });
});
