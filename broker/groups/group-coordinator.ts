/**
 * The group coordinator of a single-broker cluster: this broker coordinates every group. It keeps
 * classic groups (rebalancer.ts drives them) and committed offsets in memory, persists both to
 * __consumer_offsets through a CoordinatorLog, and rebuilds them from there on start().
 *
 * Design: a facade. Each request kind lives in its own module over a shared CoordinatorContext; this
 * class wires them, gates them on the coordinator being loaded, and owns the lifecycle (load,
 * retention timer, close). Until start() has finished every group request is answered
 * COORDINATOR_LOAD_IN_PROGRESS (clients retry), after close() NOT_COORDINATOR.
 */
import { ErrorCode } from '../protocol/error-codes.ts';
import type { ClassicGroup } from './classic-group.ts';
import { commitOffsets } from './commit-offsets.ts';
import type { CoordinatorContext } from './coordinator-context.ts';
import { loadCoordinatorState, type LoadSummary } from './coordinator-loader.ts';
import type { CoordinatorLog } from './coordinator-log.ts';
import { coordinatorOptions, type GroupCoordinatorOptions } from './coordinator-options.ts';
import { deleteOffsets } from './delete-offsets.ts';
import { expireOffsets } from './expire-offsets.ts';
import { fetchOffsets } from './fetch-offsets.ts';
import { joinError, syncError } from './group-answers.ts';
import { heartbeat } from './group-heartbeat.ts';
import { joinGroup } from './group-join.ts';
import { leaveGroup } from './group-leave.ts';
import { describeGroups, listGroups } from './group-overview.ts';
import { GroupPersistence } from './group-persistence.ts';
import { deleteGroups } from './group-removal.ts';
import type {
  GroupDescription,
  GroupErrorResult,
  GroupListing,
  HeartbeatRequest,
  JoinGroupRequest,
  JoinGroupResult,
  LeaveGroupResult,
  LeavingMember,
  OffsetCommitRequest,
  OffsetDeleteRequestTopic,
  OffsetDeleteResult,
  OffsetFetchResult,
  OffsetQuery,
  PartitionErrors,
  SyncGroupRequest,
  SyncGroupResult,
} from './group-requests.ts';
import { syncGroup } from './group-sync.ts';
import { OffsetStore } from './offset-store.ts';
import { Rebalancer } from './rebalancer.ts';

type Phase = 'created' | 'loading' | 'active' | 'closed';

export class GroupCoordinator {
  readonly options: GroupCoordinatorOptions;
  private readonly log: CoordinatorLog;
  private ctx: CoordinatorContext | null = null;
  private phase: Phase = 'created';
  private retentionTimer: ReturnType<typeof setInterval> | null = null;

  constructor(log: CoordinatorLog, options: Partial<GroupCoordinatorOptions> = {}) {
    this.log = log;
    this.options = coordinatorOptions(options);
  }

  /** Creates __consumer_offsets if needed, replays it, and starts the retention check. */
  async start(): Promise<LoadSummary> {
    if (this.phase !== 'created') throw new Error(`group coordinator cannot start: it is ${this.phase}`);
    this.phase = 'loading';
    const partitions = await this.log.ensureTopic(this.options.offsetsTopicPartitions);
    const groups = new Map<string, ClassicGroup>();
    const persistence = new GroupPersistence(this.log, partitions, this.options);
    const rebalancer = new Rebalancer({ options: this.options, groups, persistence });
    const ctx: CoordinatorContext = { options: this.options, groups, offsets: new OffsetStore(), persistence, rebalancer };
    const summary = await loadCoordinatorState(ctx, this.log, partitions);
    if (this.phase !== 'loading') {
      rebalancer.close();
      return summary;
    }
    this.ctx = ctx;
    this.phase = 'active';
    this.retentionTimer = setInterval(() => void this.expireOffsets(), this.options.offsetsRetentionCheckIntervalMs);
    this.retentionTimer.unref();
    this.options.logger.info({ partitions, ...summary }, 'group coordinator loaded');
    return summary;
  }

  /** Stops timers and answers parked JoinGroup/SyncGroup requests with NOT_COORDINATOR. */
  close(): void {
    if (this.retentionTimer !== null) clearInterval(this.retentionTimer);
    this.retentionTimer = null;
    this.ctx?.rebalancer.close();
    this.phase = 'closed';
  }

  /** NONE when requests can be served, else the error every group request gets. */
  availability(): number {
    if (this.phase === 'active') return ErrorCode.NONE.code;
    return this.phase === 'closed' ? ErrorCode.NOT_COORDINATOR.code : ErrorCode.COORDINATOR_LOAD_IN_PROGRESS.code;
  }

  /** The __consumer_offsets partition holding the group; -1 before start(). */
  partitionFor(groupId: string): number {
    return this.ctx?.persistence.partitionFor(groupId) ?? -1;
  }

  joinGroup(req: JoinGroupRequest): JoinGroupResult | Promise<JoinGroupResult> {
    const ctx = this.active();
    return ctx ? joinGroup(ctx, req) : joinError(this.availability(), req.memberId);
  }

  syncGroup(req: SyncGroupRequest): SyncGroupResult | Promise<SyncGroupResult> {
    const ctx = this.active();
    return ctx ? syncGroup(ctx, req) : syncError(this.availability());
  }

  heartbeat(req: HeartbeatRequest): number {
    const ctx = this.active();
    return ctx ? heartbeat(ctx, req) : this.availability();
  }

  leaveGroup(groupId: string, members: readonly LeavingMember[]): LeaveGroupResult {
    const ctx = this.active();
    return ctx ? leaveGroup(ctx, groupId, members) : { errorCode: this.availability(), members: [] };
  }

  describeGroups(groupIds: readonly string[]): GroupDescription[] {
    const ctx = this.active();
    if (ctx) return describeGroups(ctx, groupIds);
    const errorCode = this.availability();
    return groupIds.map((groupId) => ({ errorCode, groupId, groupState: '', protocolType: '', protocolData: '', members: [] }));
  }

  /** Every group, or those in the given states (ListGroups v4 filter). */
  listGroups(statesFilter?: readonly string[]): { errorCode: number; groups: GroupListing[] } {
    const ctx = this.active();
    return ctx ? { errorCode: ErrorCode.NONE.code, groups: listGroups(ctx, statesFilter) } : { errorCode: this.availability(), groups: [] };
  }

  deleteGroups(groupIds: readonly string[]): Promise<GroupErrorResult[]> {
    const ctx = this.active();
    if (ctx) return deleteGroups(ctx, groupIds);
    const errorCode = this.availability();
    return Promise.resolve(groupIds.map((groupId) => ({ groupId, errorCode })));
  }

  /** Answers once the offsets are stored (or failed to be). */
  commitOffsets(req: OffsetCommitRequest): Promise<PartitionErrors[]> {
    const ctx = this.active();
    if (ctx) return commitOffsets(ctx, req);
    const errorCode = this.availability();
    return Promise.resolve(req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })) })));
  }

  /** `topics` null: every committed offset of the group. */
  fetchOffsets(groupId: string, topics: readonly OffsetQuery[] | null): OffsetFetchResult {
    const ctx = this.active();
    return ctx ? fetchOffsets(ctx, groupId, topics) : { errorCode: this.availability(), topics: [] };
  }

  deleteOffsets(groupId: string, topics: readonly OffsetDeleteRequestTopic[]): Promise<OffsetDeleteResult> {
    const ctx = this.active();
    return ctx ? deleteOffsets(ctx, groupId, topics) : Promise.resolve({ errorCode: this.availability(), topics: [] });
  }

  /** One offsets-retention pass (also run every offsetsRetentionCheckIntervalMs); answers how many offsets expired. */
  async expireOffsets(): Promise<number> {
    const ctx = this.active();
    if (!ctx) return 0;
    try {
      return await expireOffsets(ctx);
    } catch (err) {
      this.options.logger.warn({ err: (err as Error).message }, 'offsets retention pass failed');
      return 0;
    }
  }

  /** Timers armed for sessions and rebalances (tests check none leak after close). */
  get activeTimers(): number {
    return this.ctx?.rebalancer.activeTimers ?? 0;
  }

  private active(): CoordinatorContext | null {
    return this.phase === 'active' ? this.ctx : null;
  }
}
