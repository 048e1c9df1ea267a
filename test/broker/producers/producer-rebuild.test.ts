// Start-up rebuild of producer state from the newest snapshot plus the log after it equals the state the
// running log had, after a clean close, a crash (copy of the live directory) or with no snapshot at all.
import { cpSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PartitionLog } from '../../../broker/log/partition-log.ts';
import { listSnapshots } from '../../../broker/log/producer-state-snapshot.ts';
import { TestClock, openLog, tempDir } from '../log/log-fixtures.ts';
import { makeBatch } from '../log/make-batch.ts';
import { producerBatch } from './producer-batches.ts';

const CONFIGS = { 'segment.bytes': 1200, 'index.interval.bytes': 150 };
const MAX_SEQ = 2 ** 31 - 1;

/** A mix of producers: several epochs, a sequence wrap, plain batches in between, retries. */
function writeTraffic(log: PartitionLog, rounds: number): void {
  const next = new Map<bigint, number>([[1n, 0], [2n, MAX_SEQ - 20], [3n, 0]]);
  for (let round = 0; round < rounds; round++) {
    for (const [producerId, seq] of next) {
      const count = 1 + ((round + Number(producerId)) % 3);
      const epoch = producerId === 3n ? Math.floor(round / 7) : 0;
      const start = producerId === 3n && round % 7 === 0 ? 0 : seq;
      log.append(producerBatch({ producerId, epoch, seq: start, count, prefix: `p${producerId}-` }));
      if (round % 5 === 0) log.append(producerBatch({ producerId, epoch, seq: start, count, prefix: `p${producerId}-` }));
      next.set(producerId, (start + count) % (MAX_SEQ + 1));
    }
    if (round % 4 === 0) log.append(makeBatch({ records: 2 }));
  }
}

function copyOf(dir: string): string {
  const copy = tempDir();
  cpSync(dir, copy, { recursive: true });
  return copy;
}

describe('producer state rebuild', () => {
  it('equals the live state after a clean close', async () => {
    const dir = tempDir();
    const clock = new TestClock();
    const log = await openLog(dir, { clock, configs: CONFIGS });
    writeTraffic(log, 40);
    const live = log.producers.entries();
    expect(live).toHaveLength(3);
    await log.close();
    const reopened = await openLog(dir, { clock, configs: CONFIGS, cleanShutdown: true });
    expect(reopened.producers.entries()).toEqual(live);
  });

  it('equals the live state after a crash, from the last roll snapshot plus the log tail', async () => {
    const dir = tempDir();
    const clock = new TestClock();
    const log = await openLog(dir, { clock, configs: CONFIGS });
    writeTraffic(log, 40);
    await log.flush();
    expect(log.segmentBaseOffsets.length).toBeGreaterThan(3);
    const crashed = copyOf(dir);
    expect(listSnapshots(crashed).at(-1)).toBeLessThan(log.logEndOffset);
    const reopened = await openLog(crashed, { clock, configs: CONFIGS });
    expect(reopened.producers.entries()).toEqual(log.producers.entries());
  });

  it('equals the live state with no snapshot at all, replaying the whole log', async () => {
    const dir = tempDir();
    const clock = new TestClock();
    const log = await openLog(dir, { clock, configs: CONFIGS });
    writeTraffic(log, 40);
    await log.flush();
    const crashed = copyOf(dir);
    for (const name of readdirSync(crashed)) if (name.endsWith('.snapshot')) rmSync(join(crashed, name));
    const reopened = await openLog(crashed, { clock, configs: CONFIGS });
    expect(reopened.producers.entries()).toEqual(log.producers.entries());
  });

  it('follows recovery when it cuts a torn tail off', async () => {
    const dir = tempDir();
    const clock = new TestClock();
    const log = await openLog(dir, { clock });
    log.append(producerBatch({ producerId: 9n, seq: 0, count: 2 }));
    const beforeLast = log.producers.entries();
    log.append(producerBatch({ producerId: 9n, seq: 2, count: 2 }));
    await log.close();
    // The close snapshot (offset 4) now lies beyond the log end, and the torn batch is gone.
    const segment = join(dir, '00000000000000000000.log');
    truncateSync(segment, statSync(segment).size - 5);
    const reopened = await openLog(dir, { clock });
    expect(reopened.logEndOffset).toBe(2);
    expect(listSnapshots(dir)).toEqual([]);
    expect(reopened.producers.entries()).toEqual(beforeLast);
    // The producer's retry of the lost batch is accepted again, as new.
    expect(reopened.append(producerBatch({ producerId: 9n, seq: 2, count: 2 })).baseOffset).toBe(2);
  });
});
