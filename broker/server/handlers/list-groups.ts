// ListGroups (key 16): every group this coordinator has; v4 filters by state and reports it.
import type { Message } from '../../protocol/schema/codec.ts';
import type { GroupCoordinator } from '../../groups/group-coordinator.ts';
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';

export function listGroupsHandler(deps: { readonly coordinator: GroupCoordinator }): Handler {
  return {
    apiKey: ApiKey.ListGroups,
    minVersion: 0,
    maxVersion: 4,
    handle(request: Message) {
      return { throttleTimeMs: 0, ...deps.coordinator.listGroups(request.statesFilter as string[]) };
    },
  };
}
