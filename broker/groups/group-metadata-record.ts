/**
 * Group metadata records of __consumer_offsets, in Kafka's layout:
 *   key   = version int16 (2) | group string
 *   value = version int16 | protocolType string | generation int32 | protocol nullable string |
 *           leader nullable string | currentStateTimestamp int64 (v2+) | members [MemberMetadata]
 *   MemberMetadata = memberId string | groupInstanceId nullable string (v3+) | clientId string |
 *           clientHost string | rebalanceTimeout int32 (v1+) | sessionTimeout int32 |
 *           subscription bytes | assignment bytes
 * v4+ is flexible. A null value (tombstone) deletes the group. We write v3. `subscription` is the
 * member's metadata for the selected protocol only, which is all a reloaded group needs.
 */
import { arrayOf, field } from '../protocol/schema/definition.ts';
import { decodeVersioned, encodeVersioned, type VersionedStruct } from './versioned-struct.ts';
import type { Reader } from '../protocol/primitives/reader.ts';

export const GROUP_METADATA_KEY_VERSION = 2;
const VALUE_VERSION = 3;

const KEY: VersionedStruct = { fields: [field('group', 'string', '0+')], maxVersion: 2, flexibleFrom: null };

const MEMBER = [
  field('memberId', 'string', '0+'),
  field('groupInstanceId', 'string', '3+', { nullable: '3+', default: null }),
  field('clientId', 'string', '0+'),
  field('clientHost', 'string', '0+'),
  field('rebalanceTimeout', 'int32', '1+'),
  field('sessionTimeout', 'int32', '0+'),
  field('subscription', 'bytes', '0+'),
  field('assignment', 'bytes', '0+'),
];

const VALUE: VersionedStruct = {
  fields: [
    field('protocolType', 'string', '0+'),
    field('generation', 'int32', '0+'),
    field('protocol', 'string', '0+', { nullable: '0+' }),
    field('leader', 'string', '0+', { nullable: '0+' }),
    field('currentStateTimestamp', 'int64', '2+', { default: -1n }),
    field('members', arrayOf(MEMBER), '0+'),
  ],
  maxVersion: 4,
  flexibleFrom: 4,
};

export interface StoredMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly rebalanceTimeoutMs: number;
  readonly sessionTimeoutMs: number;
  readonly subscription: Buffer;
  readonly assignment: Buffer;
}

export interface StoredGroup {
  readonly protocolType: string;
  readonly generationId: number;
  readonly protocolName: string | null;
  readonly leaderId: string | null;
  /** When the group entered its current state; -1 when unknown (values before v2). */
  readonly stateTimestamp: number;
  readonly members: readonly StoredMember[];
}

export function encodeGroupMetadataKey(groupId: string): Buffer {
  return encodeVersioned(KEY, GROUP_METADATA_KEY_VERSION, { group: groupId });
}

export function decodeGroupMetadataKey(r: Reader, version: number): string {
  return decodeVersioned(KEY, r, version).group;
}

export function encodeGroupMetadataValue(g: StoredGroup): Buffer {
  return encodeVersioned(VALUE, VALUE_VERSION, {
    protocolType: g.protocolType,
    generation: g.generationId,
    protocol: g.protocolName,
    leader: g.leaderId,
    currentStateTimestamp: BigInt(g.stateTimestamp),
    members: g.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      rebalanceTimeout: m.rebalanceTimeoutMs,
      sessionTimeout: m.sessionTimeoutMs,
      subscription: m.subscription,
      assignment: m.assignment,
    })),
  });
}

export function decodeGroupMetadataValue(r: Reader, version: number): StoredGroup {
  const v = decodeVersioned(VALUE, r, version);
  return {
    protocolType: v.protocolType,
    generationId: v.generation,
    protocolName: v.protocol,
    leaderId: v.leader,
    stateTimestamp: Number(v.currentStateTimestamp),
    members: (v.members as Record<string, any>[]).map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      // v0 had no rebalance timeout; Kafka then used the session timeout for both.
      rebalanceTimeoutMs: version >= 1 ? m.rebalanceTimeout : m.sessionTimeout,
      sessionTimeoutMs: m.sessionTimeout,
      // Copies: decoded bytes are views into the batch being replayed.
      subscription: Buffer.from(m.subscription),
      assignment: Buffer.from(m.assignment),
    })),
  };
}
