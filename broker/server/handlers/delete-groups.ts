// DeleteGroups (key 42): removes Empty groups with their committed offsets.
import type { Message } from '../../protocol/schema/codec.ts';
import type { GroupCoordinator } from '../../groups/group-coordinator.ts';
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';

export function deleteGroupsHandler(deps: { readonly coordinator: GroupCoordinator }): Handler {
  return {
    apiKey: ApiKey.DeleteGroups,
    minVersion: 0,
    maxVersion: 2,
    async handle(request: Message) {
      return { throttleTimeMs: 0, results: await deps.coordinator.deleteGroups(request.groupsNames as string[]) };
    },
  };
}
