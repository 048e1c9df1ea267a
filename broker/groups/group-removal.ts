/**
 * Removing whole groups: DeleteGroups, and offsets retention once an Empty group has nothing left.
 * The group leaves memory at once (Dead), so no request can slip into it while its tombstones are
 * written; a failed write is reported, and the group would reappear only after a restart.
 */
import { ErrorCode } from '../protocol/error-codes.ts';
import type { ClassicGroup } from './classic-group.ts';
import type { CoordinatorContext } from './coordinator-context.ts';
import type { GroupErrorResult } from './group-requests.ts';
import { GroupState } from './group-state.ts';

export function deleteGroups(ctx: CoordinatorContext, groupIds: readonly string[]): Promise<GroupErrorResult[]> {
  return Promise.all(
    groupIds.map(async (groupId): Promise<GroupErrorResult> => {
      const group = ctx.groups.get(groupId);
      if (!group) return { groupId, errorCode: ErrorCode.GROUP_ID_NOT_FOUND.code };
      if (!group.is(GroupState.Empty)) return { groupId, errorCode: ErrorCode.NON_EMPTY_GROUP.code };
      return { groupId, errorCode: await removeGroup(ctx, group) };
    }),
  );
}

/** Marks an Empty group Dead, drops it and its offsets, and writes their tombstones. */
export function removeGroup(ctx: CoordinatorContext, group: ClassicGroup): Promise<number> {
  group.transitionTo(GroupState.Dead, ctx.options.now());
  ctx.groups.delete(group.groupId);
  ctx.rebalancer.forget(group);
  const offsets = ctx.offsets.deleteGroup(group.groupId);
  return ctx.persistence.removeOffsets(group.groupId, offsets, { group: true });
}
