/**
 * Offset commit records of __consumer_offsets, in Kafka's layout:
 *   key   = version int16 (0 or 1; we write 1) | group string | topic string | partition int32
 *   value = version int16 | offset int64 | leaderEpoch int32 (v3+) | metadata string |
 *           commitTimestamp int64 | expireTimestamp int64 (v1 only); v4+ flexible
 * A null value (tombstone) deletes the committed offset. We write v3, or v1 when the commit asked for an
 * explicit retention time (OffsetCommit v2-4), since only v1 can carry an expire timestamp.
 */
import { field } from '../protocol/schema/definition.ts';
import { decodeVersioned, encodeVersioned, type VersionedStruct } from './versioned-struct.ts';
import type { Reader } from '../protocol/primitives/reader.ts';
import type { CommittedOffset } from './offset-store.ts';

export const OFFSET_COMMIT_KEY_VERSION = 1;

const KEY: VersionedStruct = {
  fields: [field('group', 'string', '0+'), field('topic', 'string', '0+'), field('partition', 'int32', '0+')],
  maxVersion: 1,
  flexibleFrom: null,
};

const VALUE: VersionedStruct = {
  fields: [
    field('offset', 'int64', '0+'),
    field('leaderEpoch', 'int32', '3+', { default: -1 }),
    field('metadata', 'string', '0+'),
    field('commitTimestamp', 'int64', '0+'),
    field('expireTimestamp', 'int64', '1', { default: -1n }),
  ],
  maxVersion: 4,
  flexibleFrom: 4,
};

export interface OffsetCommitKey {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
}

export function encodeOffsetCommitKey(key: OffsetCommitKey): Buffer {
  return encodeVersioned(KEY, OFFSET_COMMIT_KEY_VERSION, key);
}

export function decodeOffsetCommitKey(r: Reader, version: number): OffsetCommitKey {
  const { group, topic, partition } = decodeVersioned(KEY, r, version);
  return { group, topic, partition };
}

export function encodeOffsetCommitValue(c: CommittedOffset): Buffer {
  const version = c.expireTimestamp === null ? 3 : 1;
  return encodeVersioned(VALUE, version, {
    offset: c.offset,
    leaderEpoch: c.leaderEpoch,
    metadata: c.metadata,
    commitTimestamp: BigInt(c.commitTimestamp),
    expireTimestamp: BigInt(c.expireTimestamp ?? -1),
  });
}

export function decodeOffsetCommitValue(r: Reader, version: number): CommittedOffset {
  const v = decodeVersioned(VALUE, r, version);
  const expire = Number(v.expireTimestamp);
  return {
    offset: v.offset,
    leaderEpoch: v.leaderEpoch,
    metadata: v.metadata,
    commitTimestamp: Number(v.commitTimestamp),
    expireTimestamp: expire < 0 ? null : expire,
  };
}
