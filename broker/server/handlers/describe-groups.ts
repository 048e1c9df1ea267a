// DescribeGroups (key 15): state, protocol and members of each group; v3 may ask for authorized operations.
import type { Message } from '../../protocol/schema/codec.ts';
import type { GroupCoordinator } from '../../groups/group-coordinator.ts';
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';

// Without an authorizer every group operation is allowed: READ (3), DELETE (6), DESCRIBE (8), as a bit set.
const GROUP_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8);
const OPERATIONS_NOT_REQUESTED = -2147483648;

export function describeGroupsHandler(deps: { readonly coordinator: GroupCoordinator }): Handler {
  return {
    apiKey: ApiKey.DescribeGroups,
    minVersion: 0,
    maxVersion: 5,
    handle(request: Message) {
      const authorizedOperations = request.includeAuthorizedOperations ? GROUP_OPERATIONS : OPERATIONS_NOT_REQUESTED;
      const groups = deps.coordinator.describeGroups(request.groups as string[]).map((g) => ({ ...g, authorizedOperations }));
      return { throttleTimeMs: 0, groups };
    },
  };
}
