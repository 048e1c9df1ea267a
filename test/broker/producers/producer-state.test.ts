// The per-partition idempotent-producer rules, driven through PartitionLog.append.
import { describe, expect, it } from 'vitest';
import { KafkaProtocolError } from '../../../broker/protocol/error-codes.ts';
import { encodeRecordBatch } from '../../../broker/protocol/records/record-batch.ts';
import type { PartitionLog } from '../../../broker/log/partition-log.ts';
import { TestClock, openLog, tempDir } from '../log/log-fixtures.ts';
import { offsetsIn } from '../log/make-batch.ts';
import { producerBatch } from './producer-batches.ts';

const MAX_SEQ = 2 ** 31 - 1;
const PID = 4242n;

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KafkaProtocolError);
    return (err as KafkaProtocolError).error.name;
  }
  throw new Error('expected the append to be refused');
}

function storedOffsets(log: PartitionLog): number[] {
  return offsetsIn(log.read(log.logStartOffset, 1 << 24).records);
}

async function freshLog(clock = new TestClock(), configs: Record<string, string | number> = {}): Promise<PartitionLog> {
  return openLog(tempDir(), { clock, configs });
}

describe('producer state on append', () => {
  it('accepts sequences in order and remembers epoch, ranges and offsets', async () => {
    const log = await freshLog();
    expect(log.append(producerBatch({ producerId: PID, seq: 0, count: 3 })).baseOffset).toBe(0);
    expect(log.append(producerBatch({ producerId: PID, seq: 3, count: 2 })).baseOffset).toBe(3);
    const entry = log.producers.entry(PID)!;
    expect(entry.epoch).toBe(0);
    expect(entry.batches.map((b) => [b.firstSeq, b.lastSeq, b.firstOffset, b.lastOffset])).toEqual([
      [0, 2, 0, 2],
      [3, 4, 3, 4],
    ]);
  });

  it('answers a retry of any of the last five batches with its original offsets and stores nothing', async () => {
    const log = await freshLog();
    let seq = 0;
    const firstOffsets: number[] = [];
    for (let i = 0; i < 6; i++) {
      firstOffsets.push(log.append(producerBatch({ producerId: PID, seq, count: 2 })).baseOffset);
      seq += 2;
    }
    const end = log.logEndOffset;
    for (let i = 1; i < 6; i++) {
      const retry = log.append(producerBatch({ producerId: PID, seq: i * 2, count: 2 }));
      expect(retry).toMatchObject({ baseOffset: firstOffsets[i], lastOffset: firstOffsets[i] + 1 });
    }
    expect(log.logEndOffset).toBe(end);
    // The sixth-newest batch is forgotten: its retry is no longer recognised and is out of order.
    expect(errorOf(() => log.append(producerBatch({ producerId: PID, seq: 0, count: 2 })))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(storedOffsets(log)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('refuses a gap, an overlap that is not an exact retry, and a new epoch not starting at 0', async () => {
    const log = await freshLog();
    log.append(producerBatch({ producerId: PID, seq: 0, count: 5 }));
    expect(errorOf(() => log.append(producerBatch({ producerId: PID, seq: 6 })))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(errorOf(() => log.append(producerBatch({ producerId: PID, seq: 2, count: 2 })))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(errorOf(() => log.append(producerBatch({ producerId: PID, epoch: 1, seq: 5 })))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(log.logEndOffset).toBe(5);
    expect(log.append(producerBatch({ producerId: PID, seq: 5 })).baseOffset).toBe(5);
  });

  it('fences an older epoch and starts a newer one afresh at sequence 0', async () => {
    const log = await freshLog();
    log.append(producerBatch({ producerId: PID, epoch: 3, seq: 0, count: 2 }));
    expect(errorOf(() => log.append(producerBatch({ producerId: PID, epoch: 2, seq: 2 })))).toBe('INVALID_PRODUCER_EPOCH');
    expect(log.append(producerBatch({ producerId: PID, epoch: 4, seq: 0 })).baseOffset).toBe(2);
    const entry = log.producers.entry(PID)!;
    expect(entry.epoch).toBe(4);
    expect(entry.batches).toHaveLength(1);
    // The old epoch's batches are no longer retries of anything.
    expect(errorOf(() => log.append(producerBatch({ producerId: PID, epoch: 3, seq: 0, count: 2 })))).toBe('INVALID_PRODUCER_EPOCH');
  });

  it('accepts a producer it has no state for at any sequence (KIP-360)', async () => {
    const log = await freshLog();
    expect(log.append(producerBatch({ producerId: PID, epoch: 7, seq: 1234 })).baseOffset).toBe(0);
    expect(log.append(producerBatch({ producerId: PID, epoch: 7, seq: 1235 })).baseOffset).toBe(1);
  });

  it('wraps sequences from 2^31 - 1 to 0', async () => {
    const log = await freshLog();
    log.append(producerBatch({ producerId: PID, seq: MAX_SEQ - 3, count: 2 }));
    // Records MAX-1, MAX, 0: the batch's last sequence wraps.
    log.append(producerBatch({ producerId: PID, seq: MAX_SEQ - 1, count: 3 }));
    expect(log.producers.entry(PID)!.lastSeq).toBe(0);
    expect(log.append(producerBatch({ producerId: PID, seq: MAX_SEQ - 1, count: 3 })).baseOffset).toBe(2);
    expect(errorOf(() => log.append(producerBatch({ producerId: PID, seq: 2 })))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(log.append(producerBatch({ producerId: PID, seq: 1 })).baseOffset).toBe(5);

    const other = await freshLog();
    other.append(producerBatch({ producerId: PID, seq: MAX_SEQ }));
    expect(other.append(producerBatch({ producerId: PID, seq: MAX_SEQ })).baseOffset).toBe(0);
    expect(errorOf(() => other.append(producerBatch({ producerId: PID, seq: 1 })))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(other.append(producerBatch({ producerId: PID, seq: 0 })).baseOffset).toBe(1);
  });

  it('checks several batches of one request against each other and writes all or none', async () => {
    const log = await freshLog();
    const twoInOrder = Buffer.concat([producerBatch({ producerId: PID, seq: 0, count: 2 }), producerBatch({ producerId: PID, seq: 2 })]);
    expect(log.append(twoInOrder)).toMatchObject({ baseOffset: 0, lastOffset: 2 });
    expect(log.producers.entry(PID)!.lastSeq).toBe(2);

    const secondOutOfOrder = Buffer.concat([producerBatch({ producerId: PID, seq: 3 }), producerBatch({ producerId: PID, seq: 9 })]);
    expect(errorOf(() => log.append(secondOutOfOrder))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(log.logEndOffset).toBe(3);
    expect(log.producers.entry(PID)!.lastSeq).toBe(2);

    // The same request again is a retry as a whole.
    const retry = Buffer.concat([producerBatch({ producerId: PID, seq: 0, count: 2 }), producerBatch({ producerId: PID, seq: 2 })]);
    expect(log.append(retry)).toMatchObject({ baseOffset: 0, lastOffset: 2 });
    const mixed = Buffer.concat([producerBatch({ producerId: PID, seq: 2 }), producerBatch({ producerId: PID, seq: 3 })]);
    expect(errorOf(() => log.append(mixed))).toBe('INVALID_RECORD');
    expect(log.logEndOffset).toBe(3);
  });

  it('leaves batches without a producer id alone, and refuses transactional batches', async () => {
    const log = await freshLog();
    const plain = encodeRecordBatch({ records: [{ key: null, value: Buffer.from('x') }] });
    expect(log.append(Buffer.from(plain)).baseOffset).toBe(0);
    expect(log.append(Buffer.from(plain)).baseOffset).toBe(1);
    expect(log.producers.size).toBe(0);
    expect(errorOf(() => log.append(producerBatch({ producerId: PID, seq: 0, transactional: true })))).toBe('INVALID_TXN_STATE');
  });

  it('returns the stored log append time for a retry on a LogAppendTime topic', async () => {
    const clock = new TestClock();
    const log = await freshLog(clock, { 'message.timestamp.type': 'LogAppendTime' });
    const first = log.append(producerBatch({ producerId: PID, seq: 0 }));
    clock.advance(5000);
    expect(log.append(producerBatch({ producerId: PID, seq: 0 }))).toEqual(first);
  });

  it('forgets a producer idle for producer.id.expiration.ms, counted on the broker clock', async () => {
    const clock = new TestClock();
    const log = await openLog(tempDir(), { clock });
    // Batch timestamps a year old do not make the producer look idle.
    const old = clock.nowMs - 365 * 86_400_000;
    log.append(producerBatch({ producerId: PID, seq: 0, timestamp: old }));
    clock.advance(86_400_000 - 1);
    expect(log.append(producerBatch({ producerId: PID, seq: 0, timestamp: old })).baseOffset).toBe(0);
    expect(log.append(producerBatch({ producerId: PID, seq: 1, timestamp: old })).baseOffset).toBe(1);
    clock.advance(86_400_000);
    // Expired: unknown again, so any sequence is accepted and an old retry is no longer recognised.
    expect(log.append(producerBatch({ producerId: PID, seq: 1, timestamp: old })).baseOffset).toBe(2);
    expect(log.producers.entry(PID)!.batches).toHaveLength(1);
  });
});
