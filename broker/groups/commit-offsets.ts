/**
 * OffsetCommit: validates the committer against the group (members of a managed group must be in the
 * current generation; generation -1 commits are for groups nobody joined), writes the offsets to
 * __consumer_offsets and only then makes them visible and answers.
 */
import { ErrorCode } from '../protocol/error-codes.ts';
import { ClassicGroup } from './classic-group.ts';
import type { CoordinatorContext } from './coordinator-context.ts';
import type { OffsetCommitPartition, OffsetCommitRequest, PartitionErrors } from './group-requests.ts';
import { GroupState } from './group-state.ts';
import type { CommittedOffset, TopicPartitionRef } from './offset-store.ts';

export async function commitOffsets(ctx: CoordinatorContext, req: OffsetCommitRequest): Promise<PartitionErrors[]> {
  const validated = validateCommitter(ctx, req);
  if (typeof validated === 'number') return everyPartition(req, validated);
  const group = validated;

  const now = ctx.options.now();
  const errors = new Map<string, number>();
  const accepted: (TopicPartitionRef & { value: CommittedOffset })[] = [];
  for (const topic of req.topics) {
    for (const p of topic.partitions) {
      const metadata = p.committedMetadata ?? '';
      if (metadata.length > ctx.options.offsetMetadataMaxBytes) {
        errors.set(refKey(topic.name, p.partitionIndex), ErrorCode.OFFSET_METADATA_TOO_LARGE.code);
        continue;
      }
      accepted.push({ topic: topic.name, partition: p.partitionIndex, value: committedOffset(p, metadata, req.retentionTimeMs, now) });
    }
  }

  if (accepted.length > 0) {
    const outcome = await ctx.persistence.storeOffsets(group.groupId, accepted);
    // A group deleted while the write was in flight keeps nothing (its tombstones follow this write in the log).
    const visible = ctx.groups.get(group.groupId) === group;
    accepted.forEach((a, i) => {
      if (outcome.errorCode === ErrorCode.NONE.code && visible) {
        ctx.offsets.put(group.groupId, a.topic, a.partition, a.value, outcome.baseOffset + i);
      }
      errors.set(refKey(a.topic, a.partition), outcome.errorCode);
    });
  }
  return req.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: errors.get(refKey(t.name, p.partitionIndex)) ?? 0 })),
  }));
}

/** The group the commit goes to, or the error for every partition. */
function validateCommitter(ctx: CoordinatorContext, req: OffsetCommitRequest): ClassicGroup | number {
  const group = ctx.groups.get(req.groupId);
  if (!group) {
    // Nobody manages this group: a generation -1 commit creates it (Empty); anything else is stale.
    if (req.generationId >= 0) return ErrorCode.ILLEGAL_GENERATION.code;
    const created = new ClassicGroup(req.groupId, ctx.options.now());
    ctx.groups.set(req.groupId, created);
    return created;
  }
  if (group.isFenced(req.groupInstanceId, req.memberId)) return ErrorCode.FENCED_INSTANCE_ID.code;
  if (req.generationId < 0 && group.is(GroupState.Empty)) return group;
  const member = group.get(req.memberId);
  if (!member) return ErrorCode.UNKNOWN_MEMBER_ID.code;
  if (req.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION.code;
  // Between the join and the assignment nobody knows what it owns yet.
  if (group.is(GroupState.CompletingRebalance)) return ErrorCode.REBALANCE_IN_PROGRESS.code;
  ctx.rebalancer.heartbeat(group, member);
  return group;
}

function committedOffset(p: OffsetCommitPartition, metadata: string, retentionTimeMs: number, now: number): CommittedOffset {
  // OffsetCommit v1 may set the commit time itself; v2-4 may set a retention for these offsets.
  const commitTimestamp = p.commitTimestamp >= 0 ? p.commitTimestamp : now;
  return {
    offset: p.committedOffset,
    leaderEpoch: p.committedLeaderEpoch,
    metadata,
    commitTimestamp,
    expireTimestamp: retentionTimeMs >= 0 ? now + retentionTimeMs : null,
  };
}

function everyPartition(req: OffsetCommitRequest, errorCode: number): PartitionErrors[] {
  return req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })) }));
}

function refKey(topic: string, partition: number): string {
  return `${partition}:${topic}`;
}
