/**
 * Offsets retention (offsets.retention.minutes): an offset expires once its group has been Empty for the
 * retention period and the offset itself is at least that old, or at the explicit expire time an
 * OffsetCommit v2-4 asked for. A Stable 'consumer' group also loses old offsets of topics it no longer
 * subscribes to. An Empty group left without offsets is removed. Expired entries leave memory at once
 * and their tombstones are written after.
 */
import { ErrorCode } from '../protocol/error-codes.ts';
import type { ClassicGroup } from './classic-group.ts';
import type { CoordinatorContext } from './coordinator-context.ts';
import { GroupState } from './group-state.ts';
import { removeGroup } from './group-removal.ts';
import type { CommittedOffset, TopicPartitionRef } from './offset-store.ts';

/** One retention pass; answers how many offsets expired. */
export async function expireOffsets(ctx: CoordinatorContext): Promise<number> {
  const now = ctx.options.now();
  const writes: Promise<number>[] = [];
  let expiredCount = 0;
  for (const group of [...ctx.groups.values()]) {
    const expired = expiredOffsets(ctx, group, now);
    for (const e of expired) ctx.offsets.delete(group.groupId, e.topic, e.partition);
    expiredCount += expired.length;
    if (expired.length > 0) writes.push(ctx.persistence.removeOffsets(group.groupId, expired, { group: false }));
    if (group.is(GroupState.Empty) && group.pendingMembers.size === 0 && !ctx.offsets.hasOffsets(group.groupId)) {
      writes.push(removeGroup(ctx, group));
    }
  }
  const failures = (await Promise.all(writes)).filter((code) => code !== ErrorCode.NONE.code).length;
  if (expiredCount > 0 || failures > 0) ctx.options.logger.info({ expired: expiredCount, failedWrites: failures }, 'offsets retention pass');
  return expiredCount;
}

function expiredOffsets(ctx: CoordinatorContext, group: ClassicGroup, now: number): TopicPartitionRef[] {
  const retention = ctx.options.offsetsRetentionMs;
  const isDue = (c: CommittedOffset, since: number) => (c.expireTimestamp !== null ? now >= c.expireTimestamp : now - since >= retention);
  const expired: TopicPartitionRef[] = [];
  if (group.is(GroupState.Empty)) {
    for (const [ref, c] of ctx.offsets.entries(group.groupId)) {
      if (isDue(c, Math.max(group.stateTimestamp, c.commitTimestamp))) expired.push(ref);
    }
  } else if (group.is(GroupState.Stable) && group.protocolType === 'consumer' && group.subscribedTopics !== null) {
    for (const [ref, c] of ctx.offsets.entries(group.groupId)) {
      if (!group.subscribedTopics.has(ref.topic) && isDue(c, c.commitTimestamp)) expired.push(ref);
    }
  }
  return expired;
}
