/**
 * OffsetFetch: a group's committed offsets, for the partitions asked or (topics null) all of them.
 * Partitions without a commit answer offset -1 and no error, as Kafka does.
 */
import { ErrorCode } from '../protocol/error-codes.ts';
import type { CoordinatorContext } from './coordinator-context.ts';
import type { FetchedPartition, OffsetFetchResult, OffsetQuery } from './group-requests.ts';

export function fetchOffsets(ctx: CoordinatorContext, groupId: string, topics: readonly OffsetQuery[] | null): OffsetFetchResult {
  const queries = topics ?? ctx.offsets.topics(groupId).map((name) => ({ name, partitionIndexes: ctx.offsets.partitions(groupId, name) }));
  return {
    errorCode: ErrorCode.NONE.code,
    topics: queries.map((q) => ({ name: q.name, partitions: q.partitionIndexes.map((p) => fetched(ctx, groupId, q.name, p)) })),
  };
}

function fetched(ctx: CoordinatorContext, groupId: string, topic: string, partition: number): FetchedPartition {
  const c = ctx.offsets.get(groupId, topic, partition);
  return {
    partitionIndex: partition,
    committedOffset: c ? c.offset : -1n,
    committedLeaderEpoch: c ? c.leaderEpoch : -1,
    metadata: c ? c.metadata : '',
    errorCode: ErrorCode.NONE.code,
  };
}
