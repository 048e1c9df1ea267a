/**
 * A topic and partition. Instances are interned: `TopicPartition.of('t', 0)` always returns the same
 * object, so TopicPartitions work as keys of plain Maps and Sets (which compare objects by identity).
 * Plugins must therefore depend on `sluice` as a peerDependency, sharing the runtime's copy of the SDK.
 */
import { DataException } from '../errors.ts';

const interned = new Map<string, Map<number, TopicPartition>>();

export class TopicPartition {
  readonly topic: string;
  readonly partition: number;

  private constructor(topic: string, partition: number) {
    this.topic = topic;
    this.partition = partition;
    Object.freeze(this);
  }

  static of(topic: string, partition: number): TopicPartition {
    let byPartition = interned.get(topic);
    const existing = byPartition?.get(partition);
    if (existing) return existing;
    if (typeof topic !== 'string' || topic === '') throw new DataException(`A topic name must be a non-empty string, got ${JSON.stringify(topic)}`);
    if (!Number.isInteger(partition) || partition < 0) throw new DataException(`A partition must be a non-negative integer, got ${partition}`);
    if (!byPartition) interned.set(topic, (byPartition = new Map()));
    const created = new TopicPartition(topic, partition);
    byPartition.set(partition, created);
    return created;
  }

  toString(): string {
    return `${this.topic}-${this.partition}`;
  }
}
