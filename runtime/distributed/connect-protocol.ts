/**
 * The `connect` group protocol's member metadata and assignments, in Kafka Connect's wire format
 * (Kafka's non-flexible struct encoding: big-endian integers, int16-length strings, int32-length
 * nullable bytes and arrays), so the bytes are what a Connect worker sends and reads. Pure: Buffers
 * in, objects out.
 *
 *   Metadata    => version:int16 url:string config_offset:int64 [v1+] allocation:nullable_bytes
 *                  (allocation: the member's current assignment, an Assignment below, or null)
 *   Assignment  => version:int16 error:int16 leader:string leader_url:string config_offset:int64
 *                  assignment:[ConnectorAssignment] [v1+] revoked:[ConnectorAssignment] delay:int32
 *   ConnectorAssignment => connector:string tasks:[int32]     (task -1 stands for the connector itself)
 *
 * Protocol names: "default" is v0 (eager rebalancing), "compatible" v1 (incremental cooperative),
 * "sessioned" v2 (v1 plus signed internal requests). Sluice speaks "compatible": it has no session keys.
 * Decoding tolerates fields missing at the end, as Connect does, and reads every version >= 0.
 */
import type { ConnectorTaskId } from '../herder/connect-types.ts';
import { NO_WORK, work, type ConnectorsAndTasks } from './connectors-and-tasks.ts';

export const CONNECT_PROTOCOL_TYPE = 'connect';
export const COMPATIBLE_PROTOCOL = 'compatible';
export const CONNECT_PROTOCOL_V1 = 1;
/** The task number that stands for the connector instance in a ConnectorAssignment. */
export const CONNECTOR_TASK = -1;

export const AssignmentErrors = Object.freeze({ NONE: 0, CONFIG_MISMATCH: 1 });

export interface WorkerMetadata {
  readonly version: number;
  /** The worker's advertised REST URL. */
  readonly url: string;
  /** How far the worker has read the config topic (offset after the last record read). */
  readonly configOffset: number;
  /** The worker's current assignment (v1+), null when it has none. */
  readonly assignment: ConnectAssignment | null;
}

export interface ConnectAssignment {
  readonly version: number;
  /** AssignmentErrors: CONFIG_MISMATCH makes every member read the config topic to its end and rejoin. */
  readonly error: number;
  /** Leader's member id and REST URL (where followers forward writes). */
  readonly leader: string;
  readonly leaderUrl: string;
  /** The config topic offset the assignment was computed at: members read at least that far before working. */
  readonly configOffset: number;
  /** Newly assigned (incremental), or the whole current assignment when it is embedded in metadata. */
  readonly assigned: ConnectorsAndTasks;
  readonly revoked: ConnectorsAndTasks;
  /** Rejoin after this long (a departed worker's load is held until then); 0 for none. */
  readonly delayMs: number;
}

export class ConnectProtocolError extends Error {
  override name = 'ConnectProtocolError';
}

export function encodeMetadata(metadata: WorkerMetadata): Buffer {
  const out = new Writer().int16(metadata.version).string(metadata.url).int64(metadata.configOffset);
  if (metadata.version >= 1) out.nullableBytes(metadata.assignment ? encodeAssignment(metadata.assignment) : null);
  return out.done();
}

export function decodeMetadata(bytes: Buffer): WorkerMetadata {
  const input = new Reader(bytes);
  const version = input.int16();
  if (version < 0) throw new ConnectProtocolError(`Unsupported connect protocol metadata version ${version}`);
  const url = input.string();
  const configOffset = input.int64();
  const allocation = version >= 1 && !input.atEnd() ? input.nullableBytes() : null;
  return { version, url, configOffset, assignment: allocation === null ? null : decodeAssignment(allocation) };
}

export function encodeAssignment(assignment: ConnectAssignment): Buffer {
  const out = new Writer()
    .int16(assignment.version)
    .int16(assignment.error)
    .string(assignment.leader)
    .string(assignment.leaderUrl)
    .int64(assignment.configOffset);
  writeConnectorAssignments(out, assignment.assigned);
  if (assignment.version >= 1) {
    writeConnectorAssignments(out, assignment.revoked);
    out.int32(assignment.delayMs);
  }
  return out.done();
}

export function decodeAssignment(bytes: Buffer): ConnectAssignment {
  const input = new Reader(bytes);
  const version = input.int16();
  if (version < 0) throw new ConnectProtocolError(`Unsupported connect protocol assignment version ${version}`);
  const error = input.int16();
  const leader = input.string();
  const leaderUrl = input.string();
  const configOffset = input.int64();
  const assigned = input.atEnd() ? NO_WORK : readConnectorAssignments(input);
  const revoked = version >= 1 && !input.atEnd() ? readConnectorAssignments(input) : NO_WORK;
  const delayMs = version >= 1 && !input.atEnd() ? input.int32() : 0;
  return { version, error, leader, leaderUrl, configOffset, assigned, revoked, delayMs };
}

function writeConnectorAssignments(out: Writer, set: ConnectorsAndTasks): void {
  const byConnector = new Map<string, number[]>();
  for (const connector of set.connectors) byConnector.set(connector, [CONNECTOR_TASK]);
  for (const task of set.tasks) {
    let ids = byConnector.get(task.connector);
    if (!ids) byConnector.set(task.connector, (ids = []));
    ids.push(task.task);
  }
  out.int32(byConnector.size);
  for (const [connector, ids] of byConnector) {
    out.string(connector).int32(ids.length);
    for (const id of ids) out.int32(id);
  }
}

function readConnectorAssignments(input: Reader): ConnectorsAndTasks {
  const count = input.int32();
  if (count < 0) return NO_WORK;
  const connectors: string[] = [];
  const tasks: ConnectorTaskId[] = [];
  for (let i = 0; i < count; i++) {
    const connector = input.string();
    const ids = input.int32();
    for (let j = 0; j < ids; j++) {
      const task = input.int32();
      if (task === CONNECTOR_TASK) connectors.push(connector);
      else tasks.push({ connector, task });
    }
  }
  return work(connectors, tasks);
}

class Writer {
  readonly #chunks: Buffer[] = [];

  int16(value: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(value);
    this.#chunks.push(b);
    return this;
  }

  int32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(value);
    this.#chunks.push(b);
    return this;
  }

  int64(value: number): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(value));
    this.#chunks.push(b);
    return this;
  }

  string(value: string): this {
    const bytes = Buffer.from(value, 'utf8');
    if (bytes.length > 0x7fff) throw new ConnectProtocolError(`String of ${bytes.length} bytes is too long for the connect protocol`);
    this.int16(bytes.length);
    this.#chunks.push(bytes);
    return this;
  }

  nullableBytes(value: Buffer | null): this {
    if (value === null) return this.int32(-1);
    this.int32(value.length);
    this.#chunks.push(value);
    return this;
  }

  done(): Buffer {
    return Buffer.concat(this.#chunks);
  }
}

class Reader {
  readonly #bytes: Buffer;
  #at = 0;

  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  atEnd(): boolean {
    return this.#at >= this.#bytes.length;
  }

  int16(): number {
    this.#need(2);
    const v = this.#bytes.readInt16BE(this.#at);
    this.#at += 2;
    return v;
  }

  int32(): number {
    this.#need(4);
    const v = this.#bytes.readInt32BE(this.#at);
    this.#at += 4;
    return v;
  }

  int64(): number {
    this.#need(8);
    const v = this.#bytes.readBigInt64BE(this.#at);
    this.#at += 8;
    return Number(v);
  }

  string(): string {
    const length = this.int16();
    if (length < 0) throw new ConnectProtocolError('Unexpected null string in connect protocol data');
    this.#need(length);
    const v = this.#bytes.toString('utf8', this.#at, this.#at + length);
    this.#at += length;
    return v;
  }

  nullableBytes(): Buffer | null {
    const length = this.int32();
    if (length < 0) return null;
    this.#need(length);
    const v = this.#bytes.subarray(this.#at, this.#at + length);
    this.#at += length;
    return v;
  }

  #need(n: number): void {
    if (this.#at + n > this.#bytes.length) throw new ConnectProtocolError(`Connect protocol data ends early: needed ${n} bytes at ${this.#at} of ${this.#bytes.length}`);
  }
}
