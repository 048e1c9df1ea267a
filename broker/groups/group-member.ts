/**
 * One member of a classic group: what it joined with, its current assignment, and the JoinGroup or
 * SyncGroup request it may have parked until the rebalance gets far enough to answer it.
 */
import type { GroupProtocol, JoinGroupResult, SyncGroupResult } from './group-requests.ts';

const EMPTY = Buffer.alloc(0);

export interface MemberSettings {
  readonly clientId: string;
  readonly clientHost: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly GroupProtocol[];
}

export class GroupMember {
  memberId: string;
  readonly groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: readonly GroupProtocol[];
  assignment: Buffer = EMPTY;
  private joinWaiter: ((result: JoinGroupResult) => void) | null = null;
  private syncWaiter: ((result: SyncGroupResult) => void) | null = null;

  constructor(memberId: string, groupInstanceId: string | null, settings: MemberSettings) {
    this.memberId = memberId;
    this.groupInstanceId = groupInstanceId;
    this.clientId = settings.clientId;
    this.clientHost = settings.clientHost;
    this.sessionTimeoutMs = settings.sessionTimeoutMs;
    this.rebalanceTimeoutMs = settings.rebalanceTimeoutMs;
    this.protocolType = settings.protocolType;
    this.protocols = settings.protocols;
  }

  get isStatic(): boolean {
    return this.groupInstanceId !== null;
  }

  get isAwaitingJoin(): boolean {
    return this.joinWaiter !== null;
  }

  get isAwaitingSync(): boolean {
    return this.syncWaiter !== null;
  }

  update(settings: MemberSettings): void {
    this.clientId = settings.clientId;
    this.clientHost = settings.clientHost;
    this.sessionTimeoutMs = settings.sessionTimeoutMs;
    this.rebalanceTimeoutMs = settings.rebalanceTimeoutMs;
    this.protocolType = settings.protocolType;
    this.protocols = settings.protocols;
  }

  /** Its metadata for the protocol; empty when it does not support it (only after a reload). */
  metadataFor(protocolName: string | null): Buffer {
    return this.protocols.find((p) => p.name === protocolName)?.metadata ?? EMPTY;
  }

  hasSameProtocols(protocols: readonly GroupProtocol[]): boolean {
    return (
      protocols.length === this.protocols.length &&
      protocols.every((p, i) => p.name === this.protocols[i].name && p.metadata.equals(this.protocols[i].metadata))
    );
  }

  /** Its most preferred protocol among the candidates. */
  vote(candidates: ReadonlySet<string>): string | undefined {
    return this.protocols.find((p) => candidates.has(p.name))?.name;
  }

  /** Parks a JoinGroup until the rebalance answers it; a JoinGroup still parked gets `superseded`. */
  awaitJoin(superseded: JoinGroupResult): Promise<JoinGroupResult> {
    this.answerJoin(superseded);
    return new Promise((resolve) => (this.joinWaiter = resolve));
  }

  awaitSync(superseded: SyncGroupResult): Promise<SyncGroupResult> {
    this.answerSync(superseded);
    return new Promise((resolve) => (this.syncWaiter = resolve));
  }

  answerJoin(result: JoinGroupResult): void {
    const waiter = this.joinWaiter;
    this.joinWaiter = null;
    waiter?.(result);
  }

  answerSync(result: SyncGroupResult): void {
    const waiter = this.syncWaiter;
    this.syncWaiter = null;
    waiter?.(result);
  }
}
