import { describe, expect, it } from 'vitest';
import { TimestampType, TopicPartition, type PartitionOffsets } from '../../../connectors/sdk/index.ts';
import type { SinkConsumer } from '../../../runtime/kafka/index.ts';
import { KafkaTaskConsumer } from '../../../runtime/worker/kafka-task-consumer.ts';
import type { LogRecord } from '../../../runtime/worker/index.ts';

const P0 = TopicPartition.of('t', 0);
const P1 = TopicPartition.of('t', 1);

function record(partition: number, offset: number): LogRecord {
  return { topic: 't', partition, offset, timestamp: 0, timestampType: TimestampType.CREATE_TIME, key: null, value: Buffer.from(`${partition}:${offset}`), headers: [] };
}

/** A SinkConsumer whose fetches the test scripts; records every call. */
class ScriptedSinkConsumer implements SinkConsumer {
  readonly groupId = 'connect-x';
  readonly fetches: LogRecord[][] = [];
  readonly polls: number[] = [];
  readonly seeks: Array<[TopicPartition, number]> = [];
  readonly commits: PartitionOffsets[] = [];
  readonly #paused = new Set<TopicPartition>();
  closed = false;
  onClose: () => Promise<void> = async () => {};

  async poll(timeoutMs: number): Promise<LogRecord[]> {
    if (this.closed) throw new Error('poll after close');
    this.polls.push(timeoutMs);
    const next = this.fetches.shift();
    if (next) return next;
    await new Promise((resolve) => setTimeout(resolve, timeoutMs));
    return [];
  }
  async commit(offsets: PartitionOffsets): Promise<void> {
    this.commits.push(offsets);
  }
  seek(partition: TopicPartition, offset: number): void {
    this.seeks.push([partition, offset]);
  }
  position(): number | undefined {
    return 42;
  }
  pause(partitions: readonly TopicPartition[]): void {
    for (const p of partitions) this.#paused.add(p);
  }
  resume(partitions: readonly TopicPartition[]): void {
    for (const p of partitions) this.#paused.delete(p);
  }
  paused(): TopicPartition[] {
    return [...this.#paused];
  }
  assignment(): TopicPartition[] {
    return [P0, P1];
  }
  async close(): Promise<void> {
    this.closed = true;
    await this.onClose();
  }
}

function setup(sliceMs = 20) {
  const calls: string[] = [];
  const adapter = new KafkaTaskConsumer({
    onPartitionsAssigned: async (p) => void calls.push(`assigned:${p.join(',')}`),
    onPartitionsRevoked: async (p) => void calls.push(`revoked:${p.join(',')}`),
    onPartitionsLost: async (p) => void calls.push(`lost:${p.join(',')}`),
  }, sliceMs);
  const sink = new ScriptedSinkConsumer();
  adapter.attach(sink);
  return { adapter, sink, calls };
}

describe('KafkaTaskConsumer', () => {
  it('hands out at most maxRecords per poll and keeps the rest for the next polls', async () => {
    const { adapter, sink } = setup();
    sink.fetches.push([record(0, 0), record(0, 1), record(1, 0)]);
    expect((await adapter.poll(1000, 2)).map((r) => r.offset)).toEqual([0, 1]);
    expect(adapter.position(P1)).toBe(0); // the buffered record is next
    expect((await adapter.poll(1000, 2)).map((r) => `${r.partition}:${r.offset}`)).toEqual(['1:0']);
    expect(sink.polls).toHaveLength(1);
  });

  it('takes a fetch of hundreds of thousands of records (more than a call can spread) and hands it out in order', async () => {
    const { adapter, sink } = setup();
    const fetched = Array.from({ length: 300_000 }, (_, i) => record(0, i));
    sink.fetches.push(fetched);
    let next = 0;
    while (next < fetched.length) {
      const batch = await adapter.poll(1000, 50_000);
      expect(batch.length).toBeGreaterThan(0);
      expect(batch.length).toBeLessThanOrEqual(50_000);
      expect(batch.every((r, i) => r.offset === next + i)).toBe(true);
      next += batch.length;
    }
    expect(sink.polls).toHaveLength(1);
    expect(adapter.position(P0)).toBe(42); // nothing buffered: the consumer's position
  });

  it('long-polls the broker in slices, so wakeup() ends a poll promptly', async () => {
    const { adapter, sink } = setup(20);
    const start = Date.now();
    setTimeout(() => adapter.wakeup(), 50);
    expect(await adapter.poll(10_000, 10)).toEqual([]);
    expect(Date.now() - start).toBeLessThan(500);
    expect(Math.max(...sink.polls)).toBeLessThanOrEqual(20);
  });

  it('drops buffered records of a partition that is paused or sought, fetching them again later', async () => {
    const { adapter, sink } = setup();
    sink.fetches.push([record(0, 5), record(0, 6), record(1, 3), record(1, 4)]);
    await adapter.poll(1000, 1);
    adapter.pause([P1]);
    expect(sink.seeks).toEqual([[P1, 3]]);
    adapter.seek(P0, 0);
    expect(sink.seeks).toEqual([[P1, 3], [P0, 0]]);
    sink.fetches.push([record(0, 0)]);
    expect((await adapter.poll(1000, 10)).map((r) => `${r.partition}:${r.offset}`)).toEqual(['0:0']);
  });

  it('puts back records of partitions paused while a fetch was in flight', async () => {
    const { adapter, sink } = setup();
    sink.pause([P1]);
    sink.fetches.push([record(0, 1), record(1, 7), record(1, 8)]);
    expect((await adapter.poll(1000, 10)).map((r) => `${r.partition}:${r.offset}`)).toEqual(['0:1']);
    expect(sink.seeks).toEqual([[P1, 7]]);
  });

  it('passes rebalance callbacks through, dropping revoked partitions\' buffered records, but none during close()', async () => {
    const { adapter, sink, calls } = setup();
    const callbacks = adapter.callbacks();
    sink.fetches.push([record(0, 0), record(1, 0)]);
    await adapter.poll(1000, 1);
    await callbacks.onPartitionsRevoked([P1]);
    await callbacks.onPartitionsAssigned([P1]);
    expect(calls).toEqual(['revoked:t-1', 'assigned:t-1']);
    expect(adapter.position(P1)).toBe(42); // nothing buffered any more
    sink.onClose = () => callbacks.onPartitionsRevoked([P0, P1]);
    await adapter.close();
    expect(calls).toEqual(['revoked:t-1', 'assigned:t-1']);
    expect(sink.closed).toBe(true);
  });
});
