/**
 * Producer state snapshots: `<offset>.snapshot` in the partition directory (offset zero-padded to 20
 * digits) holds the producer state after every batch below that offset. Grammar (big-endian):
 *   snapshot = magic "SPS1" | crc u32 (CRC-32C of everything after it) | offset i64 | count i32 | entry*
 *   entry    = producerId i64 | epoch i16 | currentTxnFirstOffset i64 | lastActivityMs i64 |
 *              batchCount u8 | batch*
 *   batch    = firstSeq i32 | lastSeq i32 | firstOffset i64 | lastOffset i64 | timestamp i64 | flags u8
 *              (bit 0: transactional)
 *
 * A snapshot only saves the replay of the log before it, so it is written without fsync: one lost or
 * torn in a crash fails its CRC (or is missing) and start-up falls back to an older one or to the log.
 * A snapshot is only written once the log bytes it covers are durable, so a durable snapshot never
 * describes data that recovery later cuts off.
 */
import { crc32c } from '@node-rs/crc32';
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMP_SUFFIX } from './atomic-file.ts';
import { readInt64, writeInt64 } from './int64.ts';
import { ProducerEntry, type ProducerBatchMetadata } from './producer-state-entry.ts';
import type { ProducerState } from './producer-state.ts';

export const SNAPSHOT_SUFFIX = '.snapshot';

const MAGIC = Buffer.from('SPS1', 'latin1');
const HEADER_BYTES = 4 + 4 + 8 + 4;
const ENTRY_BYTES = 8 + 2 + 8 + 8 + 1;
const BATCH_BYTES = 4 + 4 + 8 + 8 + 8 + 1;
const CRC_AT = 4;
const TRANSACTIONAL_FLAG = 1;
const SNAPSHOT_FILE = /^(\d{20})\.snapshot$/;

export class CorruptSnapshotError extends Error {
  override name = 'CorruptSnapshotError';
}

export function snapshotPath(dir: string, offset: number): string {
  return join(dir, `${String(offset).padStart(20, '0')}${SNAPSHOT_SUFFIX}`);
}

/** Offsets of the snapshots in `dir`, ascending. */
export function listSnapshots(dir: string): number[] {
  const offsets: number[] = [];
  for (const name of readdirSync(dir)) {
    const match = SNAPSHOT_FILE.exec(name);
    if (match) offsets.push(Number(match[1]));
  }
  return offsets.sort((a, b) => a - b);
}

export function encodeSnapshot(offset: number, entries: readonly ProducerEntry[]): Buffer {
  let size = HEADER_BYTES;
  for (const entry of entries) size += ENTRY_BYTES + entry.batches.length * BATCH_BYTES;
  const buf = Buffer.alloc(size);
  MAGIC.copy(buf, 0);
  writeInt64(buf, offset, 8);
  buf.writeInt32BE(entries.length, 16);
  let at = HEADER_BYTES;
  for (const entry of entries) {
    buf.writeBigInt64BE(entry.producerId, at);
    buf.writeInt16BE(entry.epoch, at + 8);
    writeInt64(buf, entry.currentTxnFirstOffset, at + 10);
    writeInt64(buf, entry.lastActivityMs, at + 18);
    buf.writeUInt8(entry.batches.length, at + 26);
    at += ENTRY_BYTES;
    for (const batch of entry.batches) {
      buf.writeInt32BE(batch.firstSeq, at);
      buf.writeInt32BE(batch.lastSeq, at + 4);
      writeInt64(buf, batch.firstOffset, at + 8);
      writeInt64(buf, batch.lastOffset, at + 16);
      writeInt64(buf, batch.timestamp, at + 24);
      buf.writeUInt8(batch.transactional ? TRANSACTIONAL_FLAG : 0, at + 32);
      at += BATCH_BYTES;
    }
  }
  buf.writeUInt32BE(crc32c(buf.subarray(CRC_AT + 4)), CRC_AT);
  return buf;
}

/** Entries of a snapshot taken at `offset`; CorruptSnapshotError when the bytes do not check out. */
export function decodeSnapshot(buf: Buffer, offset: number): ProducerEntry[] {
  if (buf.length < HEADER_BYTES || !buf.subarray(0, 4).equals(MAGIC)) throw new CorruptSnapshotError('not a producer state snapshot');
  if (crc32c(buf.subarray(CRC_AT + 4)) !== buf.readUInt32BE(CRC_AT)) throw new CorruptSnapshotError('CRC-32C mismatch');
  const stored = readInt64(buf, 8);
  if (stored !== offset) throw new CorruptSnapshotError(`holds offset ${stored}, its name says ${offset}`);
  const count = buf.readInt32BE(16);
  const entries: ProducerEntry[] = [];
  let at = HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    if (at + ENTRY_BYTES > buf.length) throw new CorruptSnapshotError('truncated entry');
    const batchCount = buf.readUInt8(at + 26);
    const entry = new ProducerEntry(buf.readBigInt64BE(at), buf.readInt16BE(at + 8), [], readInt64(buf, at + 10), readInt64(buf, at + 18));
    at += ENTRY_BYTES;
    if (at + batchCount * BATCH_BYTES > buf.length) throw new CorruptSnapshotError('truncated batch list');
    for (let b = 0; b < batchCount; b++, at += BATCH_BYTES) entry.batches.push(decodeBatch(buf, at));
    entries.push(entry);
  }
  if (at !== buf.length) throw new CorruptSnapshotError(`${buf.length - at} bytes after the last entry`);
  return entries;
}

function decodeBatch(buf: Buffer, at: number): ProducerBatchMetadata {
  return {
    firstSeq: buf.readInt32BE(at),
    lastSeq: buf.readInt32BE(at + 4),
    firstOffset: readInt64(buf, at + 8),
    lastOffset: readInt64(buf, at + 16),
    timestamp: readInt64(buf, at + 24),
    transactional: (buf.readUInt8(at + 32) & TRANSACTIONAL_FLAG) !== 0,
  };
}

export function readSnapshot(dir: string, offset: number): ProducerEntry[] {
  return decodeSnapshot(readFileSync(snapshotPath(dir, offset)), offset);
}

/** Written under a temp name (which recovery removes if left behind) and renamed into place. */
export async function writeSnapshot(dir: string, offset: number, bytes: Buffer): Promise<void> {
  const path = snapshotPath(dir, offset);
  const temp = path + TEMP_SUFFIX;
  await writeFile(temp, bytes);
  await rename(temp, path);
}

/** Removes the snapshots below `offset`, except the newest one in the directory, which replay starts from. */
export async function removeSnapshotsBelow(dir: string, offset: number): Promise<void> {
  const offsets = listSnapshots(dir);
  for (const old of offsets.slice(0, -1)) {
    if (old >= offset) break;
    await unlink(snapshotPath(dir, old)).catch(ignoreMissing);
  }
}

/** Start-up: removes snapshots durably, so one describing data recovery cut off cannot come back. */
export function removeSnapshotsSync(dir: string, offsets: readonly number[]): void {
  if (offsets.length === 0) return;
  for (const offset of offsets) {
    try {
      unlinkSync(snapshotPath(dir, offset));
    } catch (err) {
      ignoreMissing(err);
    }
  }
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function ignoreMissing(err: unknown): void {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
}

/**
 * Captures `state` as of `offset` now (dropping expired producers first) and returns the write, to run
 * once the log bytes below `offset` are durable.
 */
export function captureSnapshot(dir: string, offset: number, state: ProducerState, nowMs: number): () => Promise<void> {
  state.removeExpired(nowMs);
  const bytes = encodeSnapshot(offset, state.entries());
  return () => writeSnapshot(dir, offset, bytes);
}
