// SyncGroup (key 14): v3 adds the group instance id, v5 the protocol type and name (checked when sent).
import type { Message } from '../../protocol/schema/codec.ts';
import type { GroupCoordinator } from '../../groups/group-coordinator.ts';
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';

export function syncGroupHandler(deps: { readonly coordinator: GroupCoordinator }): Handler {
  return {
    apiKey: ApiKey.SyncGroup,
    minVersion: 0,
    maxVersion: 5,
    async handle(request: Message) {
      const result = await deps.coordinator.syncGroup({
        groupId: request.groupId,
        generationId: request.generationId,
        memberId: request.memberId,
        groupInstanceId: request.groupInstanceId,
        protocolType: request.protocolType,
        protocolName: request.protocolName,
        assignments: request.assignments,
      });
      return { throttleTimeMs: 0, ...result };
    },
  };
}
