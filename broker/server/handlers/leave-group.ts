// LeaveGroup (key 13): one member (v0-2) or a batch with per-member errors (v3+, static members by instance id).
import { ErrorCode } from '../../protocol/error-codes.ts';
import type { Message } from '../../protocol/schema/codec.ts';
import type { GroupCoordinator } from '../../groups/group-coordinator.ts';
import type { LeavingMember } from '../../groups/group-requests.ts';
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';

export function leaveGroupHandler(deps: { readonly coordinator: GroupCoordinator }): Handler {
  return {
    apiKey: ApiKey.LeaveGroup,
    minVersion: 0,
    maxVersion: 5,
    handle(request: Message, ctx) {
      if (ctx.apiVersion >= 3) {
        const leaving = (request.members as Message[]).map((m): LeavingMember => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId }));
        return { throttleTimeMs: 0, ...deps.coordinator.leaveGroup(request.groupId, leaving) };
      }
      const result = deps.coordinator.leaveGroup(request.groupId, [{ memberId: request.memberId, groupInstanceId: null }]);
      // Before v3 the single member's outcome is the response's error.
      const errorCode = result.errorCode !== ErrorCode.NONE.code ? result.errorCode : (result.members[0]?.errorCode ?? ErrorCode.NONE.code);
      return { throttleTimeMs: 0, errorCode };
    },
  };
}
