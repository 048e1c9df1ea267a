// JoinGroup (key 11): v1 adds the rebalance timeout, v4 MEMBER_ID_REQUIRED, v5 static members, v7 the protocol type in the answer, v9 skipAssignment.
import type { Message } from '../../protocol/schema/codec.ts';
import { clientHostOf } from '../../groups/client-host.ts';
import type { GroupCoordinator } from '../../groups/group-coordinator.ts';
import type { GroupProtocol } from '../../groups/group-requests.ts';
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';

export function joinGroupHandler(deps: { readonly coordinator: GroupCoordinator }): Handler {
  return {
    apiKey: ApiKey.JoinGroup,
    minVersion: 0,
    maxVersion: 9,
    async handle(request: Message, ctx) {
      const v = ctx.apiVersion;
      const result = await deps.coordinator.joinGroup({
        groupId: request.groupId,
        memberId: request.memberId,
        groupInstanceId: request.groupInstanceId,
        clientId: ctx.clientId ?? '',
        clientHost: clientHostOf(ctx.clientAddress),
        sessionTimeoutMs: request.sessionTimeoutMs,
        // v0 has no rebalance timeout: the session timeout serves as both.
        rebalanceTimeoutMs: v >= 1 ? request.rebalanceTimeoutMs : request.sessionTimeoutMs,
        protocolType: request.protocolType,
        protocols: request.protocols as GroupProtocol[],
        requireKnownMemberId: v >= 4,
        supportsSkipAssignment: v >= 9,
      });
      return { throttleTimeMs: 0, ...result };
    },
  };
}
