// The JoinGroup and SyncGroup answers the coordinator gives, in one place so every path fills them alike.
import { ErrorCode } from '../protocol/error-codes.ts';
import type { ClassicGroup } from './classic-group.ts';
import type { GroupMember } from './group-member.ts';
import type { JoinGroupResult, SyncGroupResult } from './group-requests.ts';

const EMPTY = Buffer.alloc(0);

export function joinError(errorCode: number, memberId: string): JoinGroupResult {
  return { errorCode, generationId: -1, protocolType: null, protocolName: null, leader: '', memberId, skipAssignment: false, members: [] };
}

/**
 * The group's current generation as `member` sees it. Only the leader is sent the members, and not even
 * it when `leaderGetsMembers` is false (a static leader rejoining a Stable group whose client cannot be
 * told to skip the assignment).
 */
export function joinAnswer(
  group: ClassicGroup,
  member: GroupMember,
  options: { leaderGetsMembers?: boolean; skipAssignment?: boolean } = {},
): JoinGroupResult {
  const isLeader = group.isLeader(member.memberId);
  const withMembers = isLeader && (options.leaderGetsMembers ?? true);
  return {
    errorCode: ErrorCode.NONE.code,
    generationId: group.generationId,
    protocolType: group.protocolType,
    protocolName: group.protocolName,
    leader: group.leaderId ?? '',
    memberId: member.memberId,
    skipAssignment: withMembers && (options.skipAssignment ?? false),
    members: withMembers ? group.joinedMembers() : [],
  };
}

export function syncError(errorCode: number): SyncGroupResult {
  return { errorCode, protocolType: null, protocolName: null, assignment: EMPTY };
}

export function syncAnswer(group: ClassicGroup, member: GroupMember): SyncGroupResult {
  return { errorCode: ErrorCode.NONE.code, protocolType: group.protocolType, protocolName: group.protocolName, assignment: member.assignment };
}
