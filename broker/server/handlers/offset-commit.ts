/**
 * OffsetCommit (key 8): v0 has no generation (a commit from outside group management), v1 a
 * per-partition commit time, v2-4 a retention time, v6 leader epochs, v7 the group instance id.
 * Answered only after the offsets are stored.
 */
import type { Message } from '../../protocol/schema/codec.ts';
import type { GroupCoordinator } from '../../groups/group-coordinator.ts';
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';

export function offsetCommitHandler(deps: { readonly coordinator: GroupCoordinator }): Handler {
  return {
    apiKey: ApiKey.OffsetCommit,
    minVersion: 0,
    maxVersion: 9,
    async handle(request: Message) {
      // Fields a version lacks decode to the protocol defaults (-1, '', null), which mean "not given".
      const topics = await deps.coordinator.commitOffsets({
        groupId: request.groupId,
        generationId: request.generationIdOrMemberEpoch,
        memberId: request.memberId,
        groupInstanceId: request.groupInstanceId,
        retentionTimeMs: Number(request.retentionTimeMs),
        topics: (request.topics as Message[]).map((t) => ({
          name: t.name,
          partitions: (t.partitions as Message[]).map((p) => ({
            partitionIndex: p.partitionIndex,
            committedOffset: p.committedOffset,
            committedLeaderEpoch: p.committedLeaderEpoch,
            commitTimestamp: Number(p.commitTimestamp),
            committedMetadata: p.committedMetadata,
          })),
        })),
      });
      return { throttleTimeMs: 0, topics };
    },
  };
}
