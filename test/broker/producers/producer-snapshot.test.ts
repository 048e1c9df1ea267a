// Producer state snapshots: the file format, when they are written and removed, and damaged ones ignored.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProducerEntry } from '../../../broker/log/producer-state-entry.ts';
import {
  CorruptSnapshotError,
  decodeSnapshot,
  encodeSnapshot,
  listSnapshots,
  snapshotPath,
} from '../../../broker/log/producer-state-snapshot.ts';
import { TestClock, openLog, tempDir } from '../log/log-fixtures.ts';
import { producerBatch } from './producer-batches.ts';

const SMALL_SEGMENTS = { 'segment.bytes': 400, 'index.interval.bytes': 100 };

function sampleEntries(): ProducerEntry[] {
  return [
    new ProducerEntry(7n, 3, [
      { firstSeq: 0, lastSeq: 4, firstOffset: 10, lastOffset: 14, timestamp: 1_700_000_000_000, transactional: false },
      { firstSeq: 5, lastSeq: 5, firstOffset: 20, lastOffset: 20, timestamp: -1, transactional: true },
    ], 20, 1_700_000_000_123),
    new ProducerEntry(2n ** 40n, 0, [], -1, 0),
  ];
}

describe('producer state snapshot format', () => {
  it('round-trips every field', () => {
    const bytes = encodeSnapshot(1234, sampleEntries());
    expect(decodeSnapshot(bytes, 1234)).toEqual(sampleEntries());
  });

  it('rejects a flipped bit, a truncated file, a foreign file and a renamed one', () => {
    const bytes = encodeSnapshot(1234, sampleEntries());
    for (let at = 0; at < bytes.length; at += 7) {
      const damaged = Buffer.from(bytes);
      damaged[at] ^= 0x10;
      expect(() => decodeSnapshot(damaged, 1234)).toThrow(CorruptSnapshotError);
    }
    expect(() => decodeSnapshot(bytes.subarray(0, bytes.length - 1), 1234)).toThrow(CorruptSnapshotError);
    expect(() => decodeSnapshot(Buffer.from('hello world, not a snapshot'), 1234)).toThrow(CorruptSnapshotError);
    expect(() => decodeSnapshot(bytes, 1235)).toThrow(CorruptSnapshotError);
  });
});

describe('producer state snapshots of a partition', () => {
  it('are written at each segment roll and at clean close', async () => {
    const dir = tempDir();
    const log = await openLog(dir, { configs: SMALL_SEGMENTS });
    for (let seq = 0; seq < 20; seq++) log.append(producerBatch({ producerId: 1n, seq, prefix: 'x'.repeat(40) }));
    await log.flush();
    const rolls = log.segmentBaseOffsets.slice(1);
    expect(rolls.length).toBeGreaterThan(2);
    expect(listSnapshots(dir)).toEqual(rolls);
    // Each holds the state before its offset.
    const atSecondRoll = decodeSnapshot(readFileSync(snapshotPath(dir, rolls[1])), rolls[1]);
    expect(atSecondRoll[0].batches.at(-1)!.lastOffset).toBe(rolls[1] - 1);
    const end = log.logEndOffset;
    await log.close();
    expect(listSnapshots(dir)).toEqual([...rolls, end]);
  });

  it('ignores a damaged newest snapshot and rebuilds from an older one plus the log', async () => {
    const dir = tempDir();
    const clock = new TestClock();
    const log = await openLog(dir, { clock, configs: SMALL_SEGMENTS });
    for (let seq = 0; seq < 20; seq++) log.append(producerBatch({ producerId: 1n, seq, prefix: 'x'.repeat(40) }));
    const live = log.producers.entries();
    await log.close();
    const newest = listSnapshots(dir).at(-1)!;
    const bytes = readFileSync(snapshotPath(dir, newest));
    bytes[bytes.length - 3] ^= 0xff;
    writeFileSync(snapshotPath(dir, newest), bytes);

    const reopened = await openLog(dir, { clock, configs: SMALL_SEGMENTS, cleanShutdown: true });
    expect(reopened.producers.entries()).toEqual(live);
  });

  it('drops a snapshot beyond the recovered log end', async () => {
    const dir = tempDir();
    const clock = new TestClock();
    const log = await openLog(dir, { clock });
    log.append(producerBatch({ producerId: 1n, seq: 0, count: 3 }));
    const live = log.producers.entries();
    await log.close();
    // A snapshot that claims a producer wrote past the end of the log.
    const ahead = new ProducerEntry(1n, 0, [{ firstSeq: 3, lastSeq: 3, firstOffset: 3, lastOffset: 3, timestamp: 0, transactional: false }], -1, clock.nowMs);
    writeFileSync(snapshotPath(dir, 4), encodeSnapshot(4, [ahead]));

    const reopened = await openLog(dir, { clock });
    expect(existsSync(snapshotPath(dir, 4))).toBe(false);
    expect(reopened.producers.entries()).toEqual(live);
  });

  it('removes snapshots below the log start offset but keeps the newest', async () => {
    const dir = tempDir();
    const log = await openLog(dir, { configs: SMALL_SEGMENTS });
    for (let seq = 0; seq < 20; seq++) log.append(producerBatch({ producerId: 1n, seq, prefix: 'x'.repeat(40) }));
    await log.flush();
    const rolls = log.segmentBaseOffsets.slice(1);
    await log.deleteRecords(rolls[1]);
    expect(listSnapshots(dir)).toEqual(rolls.slice(1));
    await log.deleteRecords(log.logEndOffset);
    expect(listSnapshots(dir)).toEqual([rolls.at(-1)]);
    // A retry is still recognised although its records are gone.
    expect(log.append(producerBatch({ producerId: 1n, seq: 19, prefix: 'x'.repeat(40) })).baseOffset).toBe(19);
  });
});
