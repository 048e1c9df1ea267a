/**
 * What the coordinator is asked and answers, independent of API versions (handlers translate).
 * Field names follow the protocol messages so handlers can pass values through.
 */
export interface GroupProtocol {
  readonly name: string;
  readonly metadata: Buffer;
}

export interface JoinGroupRequest {
  readonly groupId: string;
  /** '' for a member joining for the first time. */
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly GroupProtocol[];
  /** JoinGroup v4+: a new dynamic member first gets MEMBER_ID_REQUIRED and its id. */
  readonly requireKnownMemberId: boolean;
  /** JoinGroup v9+: a static leader rejoining a Stable group may be told to skip the assignment. */
  readonly supportsSkipAssignment: boolean;
}

export interface JoinedMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly metadata: Buffer;
}

export interface JoinGroupResult {
  readonly errorCode: number;
  readonly generationId: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly leader: string;
  readonly memberId: string;
  readonly skipAssignment: boolean;
  /** Every member's metadata for the chosen protocol, for the leader only. */
  readonly members: readonly JoinedMember[];
}

export interface SyncGroupRequest {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  /** SyncGroup v5+: checked against the group's when present. */
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly assignments: readonly { readonly memberId: string; readonly assignment: Buffer }[];
}

export interface SyncGroupResult {
  readonly errorCode: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly assignment: Buffer;
}

export interface HeartbeatRequest {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

export interface LeavingMember {
  /** '' with a groupInstanceId: whoever holds that instance id. */
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

export interface LeaveGroupResult {
  readonly errorCode: number;
  readonly members: readonly { readonly memberId: string; readonly groupInstanceId: string | null; readonly errorCode: number }[];
}

export interface DescribedMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly memberMetadata: Buffer;
  readonly memberAssignment: Buffer;
}

export interface GroupDescription {
  readonly errorCode: number;
  readonly groupId: string;
  readonly groupState: string;
  readonly protocolType: string;
  readonly protocolData: string;
  readonly members: readonly DescribedMember[];
}

export interface GroupListing {
  readonly groupId: string;
  readonly protocolType: string;
  readonly groupState: string;
}

export interface GroupErrorResult {
  readonly groupId: string;
  readonly errorCode: number;
}

export interface OffsetCommitPartition {
  readonly partitionIndex: number;
  readonly committedOffset: bigint;
  /** -1: unknown. */
  readonly committedLeaderEpoch: number;
  /** OffsetCommit v1 only; -1: now. */
  readonly commitTimestamp: number;
  readonly committedMetadata: string | null;
}

export interface OffsetCommitRequest {
  readonly groupId: string;
  /** -1 with memberId '': a commit from outside group management ("simple" consumer). */
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  /** OffsetCommit v2-4; -1: the broker's offsets retention. */
  readonly retentionTimeMs: number;
  readonly topics: readonly { readonly name: string; readonly partitions: readonly OffsetCommitPartition[] }[];
}

export interface PartitionErrors {
  readonly name: string;
  readonly partitions: readonly { readonly partitionIndex: number; readonly errorCode: number }[];
}

export interface OffsetQuery {
  readonly name: string;
  readonly partitionIndexes: readonly number[];
}

export interface FetchedPartition {
  readonly partitionIndex: number;
  readonly committedOffset: bigint;
  readonly committedLeaderEpoch: number;
  readonly metadata: string | null;
  readonly errorCode: number;
}

export interface OffsetFetchResult {
  readonly errorCode: number;
  readonly topics: readonly { readonly name: string; readonly partitions: readonly FetchedPartition[] }[];
}

export interface OffsetDeleteRequestTopic {
  readonly name: string;
  readonly partitions: readonly { readonly partitionIndex: number }[];
}

export interface OffsetDeleteResult {
  readonly errorCode: number;
  readonly topics: readonly PartitionErrors[];
}
