/**
 * OffsetDelete: removes committed offsets of an Empty group, or of topics a 'consumer' group is not
 * subscribed to (an active member would otherwise lose its position).
 */
import { ErrorCode } from '../protocol/error-codes.ts';
import type { CoordinatorContext } from './coordinator-context.ts';
import type { OffsetDeleteRequestTopic, OffsetDeleteResult } from './group-requests.ts';
import { GroupState } from './group-state.ts';
import type { TopicPartitionRef } from './offset-store.ts';

export async function deleteOffsets(ctx: CoordinatorContext, groupId: string, topics: readonly OffsetDeleteRequestTopic[]): Promise<OffsetDeleteResult> {
  const group = ctx.groups.get(groupId);
  if (!group) return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND.code, topics: [] };
  if (!group.is(GroupState.Empty) && group.protocolType !== 'consumer') return { errorCode: ErrorCode.NON_EMPTY_GROUP.code, topics: [] };

  const subscribed = new Set(topics.filter((t) => group.isSubscribedTo(t.name)).map((t) => t.name));
  const doomed: TopicPartitionRef[] = [];
  for (const t of topics) {
    if (subscribed.has(t.name)) continue;
    for (const p of t.partitions) {
      if (ctx.offsets.get(groupId, t.name, p.partitionIndex)) doomed.push({ topic: t.name, partition: p.partitionIndex });
    }
  }
  const writeError = await ctx.persistence.removeOffsets(groupId, doomed, { group: false });
  if (writeError === ErrorCode.NONE.code) for (const d of doomed) ctx.offsets.delete(groupId, d.topic, d.partition);

  return {
    errorCode: ErrorCode.NONE.code,
    topics: topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({
        partitionIndex: p.partitionIndex,
        errorCode: subscribed.has(t.name) ? ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC.code : writeError,
      })),
    })),
  };
}
