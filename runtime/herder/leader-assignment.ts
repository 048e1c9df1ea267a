/**
 * The leader's side of a rebalance: decode the members' metadata, make sure this worker has read the
 * config topic at least as far as any member (reading on if not; CONFIG_MISMATCH for everyone if it
 * still cannot, so that all catch up and rejoin), run the incremental assignor and encode one
 * assignment per member. Keeps the assignor's memory between rounds, and the resulting view of who
 * runs what (used to forward a task restart to its worker).
 */
import type { Logger } from 'pino';
import {
  AssignmentErrors, computeAssignments, CONNECT_PROTOCOL_V1, decodeMetadata, describeWork, EMPTY_MEMORY, encodeAssignment, NO_WORK, taskKey, work,
  type AssignorMemory, type ConnectorsAndTasks, type GroupRound, type WorkerMetadata,
} from '../distributed/index.ts';
import type { ClusterConfigState, ConfigBackingStore } from '../storage/index.ts';
import type { ConnectorTaskId } from './connect-types.ts';

export interface LeaderAssignmentOptions {
  readonly configs: ConfigBackingStore;
  /** This (leader) worker's REST URL. */
  readonly url: () => string;
  readonly maxDelayMs: number;
  readonly syncTimeoutMs: number;
  readonly logger: Logger;
  readonly now?: () => number;
}

export class LeaderAssignment {
  readonly #options: LeaderAssignmentOptions;
  #memory: AssignorMemory = EMPTY_MEMORY;
  #urls = new Map<string, string>();
  #complete = new Map<string, ConnectorsAndTasks>();

  constructor(options: LeaderAssignmentOptions) {
    this.#options = options;
  }

  async assign(round: GroupRound): Promise<Map<string, Buffer>> {
    const { configs, logger } = this.#options;
    const members = round.members.map((m) => ({ memberId: m.memberId, metadata: decode(m.metadata, logger) }));
    const maxOffset = Math.max(-1, ...members.map((m) => m.metadata.configOffset));
    let snapshot = configs.snapshot();
    if (snapshot.offset < maxOffset) {
      await configs.refresh(this.#options.syncTimeoutMs).catch((error: unknown) => logger.warn({ err: error }, 'leader could not read the config topic to its end'));
      snapshot = configs.snapshot();
    }
    const base = { version: CONNECT_PROTOCOL_V1, leader: round.leaderId, leaderUrl: this.#options.url(), delayMs: 0, assigned: NO_WORK, revoked: NO_WORK };
    if (snapshot.offset < maxOffset) {
      logger.warn({ leaderOffset: snapshot.offset, maxOffset }, 'leader is behind the config topic; asking every member to catch up and rejoin');
      this.#memory = EMPTY_MEMORY;
      return new Map(members.map((m) => [m.memberId, encodeAssignment({ ...base, error: AssignmentErrors.CONFIG_MISMATCH, configOffset: maxOffset })]));
    }
    const result = computeAssignments(this.#memory, {
      members: members.map((m) => ({ memberId: m.memberId, owned: m.metadata.assignment?.assigned ?? NO_WORK })),
      configured: configuredWork(snapshot),
      now: (this.#options.now ?? Date.now)(),
      maxDelayMs: this.#options.maxDelayMs,
      generation: round.generation,
      lastCompletedGeneration: round.lastCompletedGeneration,
    });
    this.#memory = result.memory;
    this.#urls = new Map(members.map((m) => [m.memberId, m.metadata.url]));
    this.#complete = new Map(result.complete);
    const out = new Map<string, Buffer>();
    for (const [memberId, { assigned, revoked }] of result.assignments) {
      logger.debug({ memberId, assigned: describeWork(assigned), revoked: describeWork(revoked), delayMs: result.delayMs }, 'assignment');
      out.set(memberId, encodeAssignment({ ...base, error: AssignmentErrors.NONE, configOffset: snapshot.offset, assigned, revoked, delayMs: result.delayMs }));
    }
    logger.info({ generation: round.generation, members: members.length, delayMs: result.delayMs || undefined, held: result.delayMs ? describeWork(result.held) : undefined }, 'assigned connectors and tasks');
    return out;
  }

  /** The REST URL of the worker that runs this task after the last round this worker led. */
  taskOwnerUrl(id: ConnectorTaskId): string | undefined {
    for (const [memberId, owned] of this.#complete) if (owned.tasks.some((t) => taskKey(t) === taskKey(id))) return this.#urls.get(memberId);
    return undefined;
  }

  /** This worker no longer leads: its view and memory are stale. */
  forget(): void {
    this.#memory = EMPTY_MEMORY;
    this.#urls.clear();
    this.#complete.clear();
  }
}

export function configuredWork(snapshot: ClusterConfigState): ConnectorsAndTasks {
  const connectors = snapshot.connectors();
  return work(connectors, connectors.flatMap((c) => snapshot.tasks(c)));
}

function decode(bytes: Buffer, logger: Logger): WorkerMetadata {
  try {
    return decodeMetadata(bytes);
  } catch (error) {
    logger.warn({ err: error }, 'unreadable member metadata; treating the member as running nothing');
    return { version: CONNECT_PROTOCOL_V1, url: '', configOffset: -1, assignment: null };
  }
}
