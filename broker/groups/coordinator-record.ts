/**
 * The records of __consumer_offsets as the coordinator sees them: the key's version says what the
 * record is (0/1 offset commit, 2 group metadata; 3+ are Kafka's newer group types, which a classic
 * coordinator skips), a null value is a tombstone.
 */
import type { RecordInput } from '../protocol/records/record.ts';
import {
  decodeGroupMetadataKey,
  decodeGroupMetadataValue,
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  type StoredGroup,
} from './group-metadata-record.ts';
import {
  decodeOffsetCommitKey,
  decodeOffsetCommitValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
  type OffsetCommitKey,
} from './offset-commit-record.ts';
import { readVersion } from './versioned-struct.ts';
import type { CommittedOffset } from './offset-store.ts';

export type CoordinatorRecord =
  | { readonly kind: 'offset'; readonly key: OffsetCommitKey; readonly value: CommittedOffset | null }
  | { readonly kind: 'group'; readonly groupId: string; readonly value: StoredGroup | null }
  | { readonly kind: 'unknown'; readonly keyVersion: number };

export function decodeCoordinatorRecord(key: Buffer, value: Buffer | null): CoordinatorRecord {
  const k = readVersion(key);
  if (k.version === 0 || k.version === 1) {
    const decoded = decodeOffsetCommitKey(k.reader, k.version);
    if (value === null) return { kind: 'offset', key: decoded, value: null };
    const v = readVersion(value);
    return { kind: 'offset', key: decoded, value: decodeOffsetCommitValue(v.reader, v.version) };
  }
  if (k.version === 2) {
    const groupId = decodeGroupMetadataKey(k.reader, k.version);
    if (value === null) return { kind: 'group', groupId, value: null };
    const v = readVersion(value);
    return { kind: 'group', groupId, value: decodeGroupMetadataValue(v.reader, v.version) };
  }
  return { kind: 'unknown', keyVersion: k.version };
}

export function offsetCommitRecord(key: OffsetCommitKey, value: CommittedOffset): RecordInput {
  return { key: encodeOffsetCommitKey(key), value: encodeOffsetCommitValue(value) };
}

export function offsetTombstone(key: OffsetCommitKey): RecordInput {
  return { key: encodeOffsetCommitKey(key), value: null };
}

export function groupMetadataRecord(groupId: string, group: StoredGroup): RecordInput {
  return { key: encodeGroupMetadataKey(groupId), value: encodeGroupMetadataValue(group) };
}

export function groupTombstone(groupId: string): RecordInput {
  return { key: encodeGroupMetadataKey(groupId), value: null };
}
