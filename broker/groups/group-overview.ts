// DescribeGroups and ListGroups: what the coordinator can tell about its groups.
import { ErrorCode } from '../protocol/error-codes.ts';
import type { ClassicGroup } from './classic-group.ts';
import type { CoordinatorContext } from './coordinator-context.ts';
import type { GroupDescription, GroupListing } from './group-requests.ts';
import { GroupState, groupStateNamed } from './group-state.ts';

const EMPTY = Buffer.alloc(0);

/** Unknown groups are described as Dead with no members, as Kafka does. */
export function describeGroups(ctx: CoordinatorContext, groupIds: readonly string[]): GroupDescription[] {
  return groupIds.map((groupId) => {
    const group = ctx.groups.get(groupId);
    if (!group) {
      return { errorCode: ErrorCode.NONE.code, groupId, groupState: GroupState.Dead, protocolType: '', protocolData: '', members: [] };
    }
    return describe(group);
  });
}

// Metadata and assignments mean something only once a generation is settled (Stable).
function describe(group: ClassicGroup): GroupDescription {
  const stable = group.is(GroupState.Stable);
  return {
    errorCode: ErrorCode.NONE.code,
    groupId: group.groupId,
    groupState: group.state,
    protocolType: group.protocolType ?? '',
    protocolData: stable ? (group.protocolName ?? '') : '',
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      memberMetadata: stable ? m.metadataFor(group.protocolName) : EMPTY,
      memberAssignment: stable ? m.assignment : EMPTY,
    })),
  };
}

/** An empty or absent filter lists every group; state names match case-insensitively. */
export function listGroups(ctx: CoordinatorContext, statesFilter: readonly string[] = []): GroupListing[] {
  const wanted = new Set(statesFilter.map(groupStateNamed));
  const listings: GroupListing[] = [];
  for (const group of ctx.groups.values()) {
    if (wanted.size > 0 && !wanted.has(group.state)) continue;
    listings.push({ groupId: group.groupId, protocolType: group.protocolType ?? '', groupState: group.state });
  }
  return listings;
}
