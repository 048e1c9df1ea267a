/**
 * OffsetFetch (key 9): committed offsets of one group (v0-7; topics null = all from v2) or of several
 * groups (v8+). requireStable (v7+) needs no waiting: there are no transactional commits to wait for.
 */
import { ErrorCode } from '../../protocol/error-codes.ts';
import type { Message } from '../../protocol/schema/codec.ts';
import type { GroupCoordinator } from '../../groups/group-coordinator.ts';
import type { OffsetQuery } from '../../groups/group-requests.ts';
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';

export function offsetFetchHandler(deps: { readonly coordinator: GroupCoordinator }): Handler {
  return {
    apiKey: ApiKey.OffsetFetch,
    minVersion: 0,
    maxVersion: 9,
    handle(request: Message, ctx) {
      if (ctx.apiVersion >= 8) {
        const groups = (request.groups as Message[]).map((g) => {
          const result = deps.coordinator.fetchOffsets(g.groupId, g.topics as OffsetQuery[] | null);
          return { groupId: g.groupId, topics: result.topics, errorCode: result.errorCode };
        });
        return { throttleTimeMs: 0, groups };
      }
      const asked = request.topics as OffsetQuery[] | null;
      const result = deps.coordinator.fetchOffsets(request.groupId, asked);
      if (ctx.apiVersion < 2 && result.errorCode !== ErrorCode.NONE.code) {
        // v0-1 have no group-level error: every partition asked carries it.
        return { throttleTimeMs: 0, topics: withErrorOnEveryPartition(asked ?? [], result.errorCode) };
      }
      return { throttleTimeMs: 0, topics: result.topics, errorCode: result.errorCode };
    },
  };
}

function withErrorOnEveryPartition(asked: readonly OffsetQuery[], errorCode: number): Message[] {
  return asked.map((t) => ({
    name: t.name,
    partitions: t.partitionIndexes.map((partitionIndex) => ({ partitionIndex, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode })),
  }));
}
