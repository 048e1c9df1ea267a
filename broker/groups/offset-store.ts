/**
 * Committed offsets of every group, in memory: the state that replaying __consumer_offsets yields.
 *
 * Design: group -> topic -> partition maps, so OffsetFetch for a whole group or topic walks only
 * what it answers. Each entry remembers the __consumer_offsets offset of the record that set it:
 * commits are applied to memory only after their append completed, and when two appends for the same
 * partition complete out of order the one later in the log must win, as it would on replay.
 */
export interface CommittedOffset {
  readonly offset: bigint;
  /** -1 when the client did not say. */
  readonly leaderEpoch: number;
  readonly metadata: string;
  readonly commitTimestamp: number;
  /** Set only by commits that asked for their own retention (OffsetCommit v2-4). */
  readonly expireTimestamp: number | null;
}

export interface TopicPartitionRef {
  readonly topic: string;
  readonly partition: number;
}

interface Entry {
  readonly value: CommittedOffset;
  readonly logOffset: number;
}

export class OffsetStore {
  private readonly groups = new Map<string, Map<string, Map<number, Entry>>>();

  get(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(groupId)?.get(topic)?.get(partition)?.value;
  }

  /** Stores the offset unless a record later in the log already set this partition; says whether it did. */
  put(groupId: string, topic: string, partition: number, value: CommittedOffset, logOffset: number): boolean {
    let topics = this.groups.get(groupId);
    if (!topics) this.groups.set(groupId, (topics = new Map()));
    let partitions = topics.get(topic);
    if (!partitions) topics.set(topic, (partitions = new Map()));
    const current = partitions.get(partition);
    if (current && current.logOffset > logOffset) return false;
    partitions.set(partition, { value, logOffset });
    return true;
  }

  delete(groupId: string, topic: string, partition: number): boolean {
    const topics = this.groups.get(groupId);
    const partitions = topics?.get(topic);
    if (!topics || !partitions?.delete(partition)) return false;
    if (partitions.size === 0) topics.delete(topic);
    if (topics.size === 0) this.groups.delete(groupId);
    return true;
  }

  /** Removes every offset of the group and answers which partitions had one. */
  deleteGroup(groupId: string): TopicPartitionRef[] {
    const removed = [...this.entries(groupId)].map(([ref]) => ref);
    this.groups.delete(groupId);
    return removed;
  }

  hasOffsets(groupId: string): boolean {
    return this.groups.has(groupId);
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  topics(groupId: string): string[] {
    return [...(this.groups.get(groupId)?.keys() ?? [])];
  }

  /** Partitions of the topic with a committed offset, ascending. */
  partitions(groupId: string, topic: string): number[] {
    return [...(this.groups.get(groupId)?.get(topic)?.keys() ?? [])].sort((a, b) => a - b);
  }

  *entries(groupId: string): Iterable<[TopicPartitionRef, CommittedOffset]> {
    for (const [topic, partitions] of this.groups.get(groupId) ?? []) {
      for (const [partition, entry] of partitions) yield [{ topic, partition }, entry.value];
    }
  }
}
