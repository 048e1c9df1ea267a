// Every group API handler, for the broker to register in one line.
import { deleteGroupsHandler } from '../server/handlers/delete-groups.ts';
import { describeGroupsHandler } from '../server/handlers/describe-groups.ts';
import { findCoordinatorHandler, type CoordinatorNode } from '../server/handlers/find-coordinator.ts';
import { heartbeatHandler } from '../server/handlers/heartbeat.ts';
import { joinGroupHandler } from '../server/handlers/join-group.ts';
import { leaveGroupHandler } from '../server/handlers/leave-group.ts';
import { listGroupsHandler } from '../server/handlers/list-groups.ts';
import { offsetCommitHandler } from '../server/handlers/offset-commit.ts';
import { offsetDeleteHandler } from '../server/handlers/offset-delete.ts';
import { offsetFetchHandler } from '../server/handlers/offset-fetch.ts';
import { syncGroupHandler } from '../server/handlers/sync-group.ts';
import type { Handler } from '../server/handler.ts';
import type { GroupCoordinator } from './group-coordinator.ts';

export interface GroupHandlerDeps {
  readonly coordinator: GroupCoordinator;
  /** This broker as clients reach it (the coordinator of every group). */
  readonly self: () => CoordinatorNode;
}

export function groupHandlers(deps: GroupHandlerDeps): Handler[] {
  return [
    findCoordinatorHandler(deps),
    joinGroupHandler(deps),
    syncGroupHandler(deps),
    heartbeatHandler(deps),
    leaveGroupHandler(deps),
    describeGroupsHandler(deps),
    listGroupsHandler(deps),
    deleteGroupsHandler(deps),
    offsetCommitHandler(deps),
    offsetFetchHandler(deps),
    offsetDeleteHandler(deps),
  ];
}
