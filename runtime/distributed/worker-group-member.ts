/**
 * A worker's membership in its `connect` group (Connect's WorkerGroupMember + AbstractCoordinator):
 * JoinGroup/SyncGroup rounds, heartbeats between them, LeaveGroup on stop. It knows nothing of
 * connectors: the listener supplies the metadata to join with, computes assignments when this member
 * leads, and receives each completed round's assignment.
 *
 * Design:
 * - One background loop does everything on one coordinator connection: join when asked (or when the
 *   coordinator says a rebalance is under way), otherwise heartbeat every heartbeatIntervalMs. The
 *   listener's onAssigned() must not block: the herder applies assignments on its own queue while the
 *   loop keeps heartbeating (with cooperative rebalancing work keeps running across rounds, so the
 *   member never waits for the herder to stop anything before rejoining).
 * - A rejoin requested while a round is in flight is kept and done after it.
 * - Losing membership (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, or no successful heartbeat for a whole
 *   session timeout) is reported before rejoining: the group may have given this worker's work to
 *   others, so the herder must stop it.
 */
import { heartbeatV3, joinGroupV5, leaveGroupV3, syncGroupV3 } from '@platformatic/kafka';
import { pino, type Logger } from 'pino';
import type { KafkaClientOptions } from '../kafka/kafka-client-options.ts';
import { describeKafkaError, hasKafkaError } from '../kafka/kafka-errors.ts';
import { COMPATIBLE_PROTOCOL, CONNECT_PROTOCOL_TYPE } from './connect-protocol.ts';
import { CoordinatorConnection, coordinatorMoved } from './coordinator-connection.ts';

export interface GroupRound {
  readonly leaderId: string;
  readonly generation: number;
  /** The last generation this member completed before this one (-1 if none). */
  readonly lastCompletedGeneration: number;
  readonly members: readonly { readonly memberId: string; readonly metadata: Buffer }[];
}

export interface GroupAssignment {
  readonly generation: number;
  readonly memberId: string;
  readonly leaderId: string;
  readonly assignment: Buffer;
}

export interface GroupMemberListener {
  /** The metadata to join with (connect-protocol.ts encodeMetadata). */
  metadata(): Buffer;
  /** Leader only: the assignment of every member, by member id. */
  assign(round: GroupRound): Promise<Map<string, Buffer>>;
  /** A round completed with this member's assignment. Must not block. */
  onAssigned(assignment: GroupAssignment): void;
  /** The member is about to (re)join: assignments may change. */
  onRebalanceStarted(reason: string): void;
  /** The member fell out of the group; its work may be someone else's now. */
  onMembershipLost(reason: string): void;
}

export interface WorkerGroupMemberOptions {
  readonly client: KafkaClientOptions;
  readonly groupId: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  /** First wait after a failed request; doubles up to 2 s. Default 100 ms. */
  readonly retryBackoffMs?: number;
  readonly listener: GroupMemberListener;
  readonly logger?: Logger;
}

export class WorkerGroupMember {
  readonly #options: WorkerGroupMemberOptions;
  readonly #logger: Logger;
  readonly #coordinator: CoordinatorConnection;
  readonly #sleeper = new Sleeper();
  #memberId = '';
  #generation = -1;
  #lastCompletedGeneration = -1;
  #leaderId = '';
  #needsJoin = true;
  #joinReason = 'joining the group';
  #nextHeartbeat = 0;
  #lastHeartbeatOk = 0;
  #stopping = false;
  #loop: Promise<void> | undefined;

  constructor(options: WorkerGroupMemberOptions) {
    this.#options = options;
    this.#logger = options.logger ?? pino({ level: 'silent' });
    // A JoinGroup answer can take a whole rebalance timeout.
    this.#coordinator = new CoordinatorConnection(options.client, options.groupId, 'connect-group', options.rebalanceTimeoutMs + 10_000);
  }

  get memberId(): string {
    return this.#memberId;
  }

  get generation(): number {
    return this.#generation;
  }

  get leaderId(): string {
    return this.#leaderId;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Rejoin at the next opportunity (after the round in flight, if any). */
  requestRejoin(reason: string): void {
    if (this.#stopping) return;
    if (!this.#needsJoin) this.#logger.debug({ reason }, 'rejoining the group');
    this.#needsJoin = true;
    this.#joinReason = reason;
    this.#sleeper.wake();
  }

  /** Leaves the group (the others rebalance at once) and closes the connection. */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#sleeper.wake();
    await this.#coordinator.close().catch(() => {});
    await this.#loop;
    if (this.#memberId === '') return;
    const leave = new CoordinatorConnection(this.#options.client, this.#options.groupId, 'connect-group-leave', 5_000);
    try {
      await leaveGroupV3.api.async(await leave.get(), this.#options.groupId, [{ memberId: this.#memberId }]);
      this.#logger.info({ memberId: this.#memberId }, 'left the group');
    } catch (error) {
      this.#logger.warn({ err: describeKafkaError(error) }, 'could not leave the group; the coordinator will drop this member after the session timeout');
    } finally {
      await leave.close().catch(() => {});
    }
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#stopping) {
      try {
        if (this.#needsJoin) {
          await this.#joinRound().catch((error: unknown) => {
            this.#needsJoin = true;
            throw error;
          });
        } else if (Date.now() >= this.#nextHeartbeat) {
          await this.#heartbeat();
        } else {
          await this.#sleeper.sleep(this.#nextHeartbeat - Date.now());
          continue;
        }
        failures = 0;
      } catch (error) {
        if (this.#stopping) break;
        failures++;
        if (coordinatorMoved(error)) this.#coordinator.reset();
        this.#logger.warn({ err: describeKafkaError(error), failures }, 'group request failed; retrying');
        if (this.#generation >= 0 && this.#lastHeartbeatOk > 0 && Date.now() - this.#lastHeartbeatOk > this.#options.sessionTimeoutMs) {
          this.#lose('no successful heartbeat for a whole session timeout', false);
        }
        await this.#sleeper.sleep(Math.min(2_000, (this.#options.retryBackoffMs ?? 100) * 2 ** Math.min(failures - 1, 5)));
      }
    }
  }

  async #joinRound(): Promise<void> {
    const { groupId, sessionTimeoutMs, rebalanceTimeoutMs, listener } = this.#options;
    this.#needsJoin = false;
    listener.onRebalanceStarted(this.#joinReason);
    const connection = await this.#coordinator.get();
    let join;
    try {
      join = await joinGroupV5.api.async(connection, groupId, sessionTimeoutMs, rebalanceTimeoutMs, this.#memberId, null, CONNECT_PROTOCOL_TYPE, [
        { name: COMPATIBLE_PROTOCOL, metadata: listener.metadata() },
      ]);
    } catch (error) {
      this.#needsJoin = true;
      if (hasKafkaError(error, 'MEMBER_ID_REQUIRED')) {
        this.#memberId = (error as { response?: { memberId?: string } }).response?.memberId ?? '';
        return;
      }
      if (this.#membershipError(error)) return;
      throw error;
    }
    this.#memberId = join.memberId;
    this.#generation = join.generationId;
    this.#leaderId = join.leader;
    let assignments: { memberId: string; assignment: Buffer }[] = [];
    if (join.leader === join.memberId) {
      const computed = await listener.assign({
        leaderId: join.leader,
        generation: join.generationId,
        lastCompletedGeneration: this.#lastCompletedGeneration,
        members: join.members.map((m) => ({ memberId: m.memberId, metadata: m.metadata })),
      });
      assignments = [...computed].map(([memberId, assignment]) => ({ memberId, assignment }));
    }
    let sync;
    try {
      sync = await syncGroupV3.api.async(connection, groupId, join.generationId, join.memberId, null, CONNECT_PROTOCOL_TYPE, COMPATIBLE_PROTOCOL, assignments);
    } catch (error) {
      this.#needsJoin = true;
      if (this.#membershipError(error)) return;
      throw error;
    }
    this.#lastCompletedGeneration = join.generationId;
    this.#lastHeartbeatOk = Date.now();
    this.#nextHeartbeat = Date.now() + this.#options.heartbeatIntervalMs;
    this.#logger.info({ generation: join.generationId, memberId: join.memberId, leader: join.leader, members: join.members.length || undefined }, 'joined the group');
    listener.onAssigned({ generation: join.generationId, memberId: join.memberId, leaderId: join.leader, assignment: sync.assignment });
  }

  async #heartbeat(): Promise<void> {
    const connection = await this.#coordinator.get();
    try {
      await heartbeatV3.api.async(connection, this.#options.groupId, this.#generation, this.#memberId, null);
      this.#lastHeartbeatOk = Date.now();
    } catch (error) {
      if (!this.#membershipError(error)) throw error;
    }
    this.#nextHeartbeat = Date.now() + this.#options.heartbeatIntervalMs;
  }

  /** Handles the errors that mean "rejoin"; false for anything else. */
  #membershipError(error: unknown): boolean {
    if (hasKafkaError(error, 'REBALANCE_IN_PROGRESS')) {
      this.requestRejoin('the group is rebalancing');
      return true;
    }
    if (hasKafkaError(error, 'UNKNOWN_MEMBER_ID')) {
      this.#lose('the coordinator no longer knows this member', true);
      return true;
    }
    if (hasKafkaError(error, 'ILLEGAL_GENERATION') || hasKafkaError(error, 'FENCED_INSTANCE_ID')) {
      this.#lose('this member missed a rebalance', false);
      return true;
    }
    return false;
  }

  #lose(reason: string, forgetMemberId: boolean): void {
    const wasMember = this.#generation >= 0;
    this.#generation = -1;
    this.#leaderId = '';
    if (forgetMemberId) this.#memberId = '';
    this.#lastHeartbeatOk = 0;
    if (wasMember) {
      this.#logger.warn({ reason }, 'lost group membership');
      this.#options.listener.onMembershipLost(reason);
    }
    this.requestRejoin(reason);
  }
}

/** A sleep that wake() cuts short. */
class Sleeper {
  #wake: (() => void) | undefined;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      const self = this;
      function done(): void {
        clearTimeout(timer);
        if (self.#wake === done) self.#wake = undefined;
        resolve();
      }
      this.#wake = done;
    });
  }

  wake(): void {
    this.#wake?.();
  }
}
