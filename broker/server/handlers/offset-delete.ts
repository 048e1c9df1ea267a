// OffsetDelete (key 47): drops committed offsets a group no longer uses.
import type { Message } from '../../protocol/schema/codec.ts';
import type { GroupCoordinator } from '../../groups/group-coordinator.ts';
import type { OffsetDeleteRequestTopic } from '../../groups/group-requests.ts';
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';

export function offsetDeleteHandler(deps: { readonly coordinator: GroupCoordinator }): Handler {
  return {
    apiKey: ApiKey.OffsetDelete,
    minVersion: 0,
    maxVersion: 0,
    async handle(request: Message) {
      const result = await deps.coordinator.deleteOffsets(request.groupId, request.topics as OffsetDeleteRequestTopic[]);
      return { throttleTimeMs: 0, ...result };
    },
  };
}
