/** Distributed workers' group: the `connect` protocol, the leader's assignor and the membership loop. */
export type { ConnectorsAndTasks } from './connectors-and-tasks.ts';
export { NO_WORK, work, union, minus, intersect, isEmpty, taskKey, describeWork } from './connectors-and-tasks.ts';
export {
  AssignmentErrors, COMPATIBLE_PROTOCOL, CONNECT_PROTOCOL_TYPE, CONNECT_PROTOCOL_V1, CONNECTOR_TASK, ConnectProtocolError,
  decodeAssignment, decodeMetadata, encodeAssignment, encodeMetadata,
} from './connect-protocol.ts';
export type { ConnectAssignment, WorkerMetadata } from './connect-protocol.ts';
export { computeAssignments, EMPTY_MEMORY } from './incremental-assignor.ts';
export type { AssignmentInput, AssignmentResult, AssignorMemory, MemberAssignment, MemberWork } from './incremental-assignor.ts';
export { WorkerGroupMember } from './worker-group-member.ts';
export type { GroupAssignment, GroupMemberListener, GroupRound, WorkerGroupMemberOptions } from './worker-group-member.ts';
