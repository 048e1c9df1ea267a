/**
 * Rebuilds the coordinator's state at start-up by replaying every partition of __consumer_offsets:
 * the last record per key wins, tombstones delete. Groups come back from their last stored form
 * (group-snapshot.ts); groups that only have offsets (commits from outside group management) come back
 * Empty. Restored members get a fresh session deadline: the ones that are gone expire and the
 * group rebalances, as after a coordinator move in Kafka.
 */
import { decodeRecordBatch } from '../protocol/records/record-batch.ts';
import { ClassicGroup } from './classic-group.ts';
import type { CoordinatorContext } from './coordinator-context.ts';
import type { CoordinatorLog } from './coordinator-log.ts';
import { decodeCoordinatorRecord } from './coordinator-record.ts';
import type { StoredGroup } from './group-metadata-record.ts';
import { restoreGroup } from './group-snapshot.ts';

export interface LoadSummary {
  readonly groups: number;
  readonly offsets: number;
}

export async function loadCoordinatorState(ctx: CoordinatorContext, log: CoordinatorLog, partitions: number): Promise<LoadSummary> {
  const stored = new Map<string, StoredGroup>();
  for (let partition = 0; partition < partitions; partition++) {
    for await (const chunk of log.readAll(partition)) replayChunk(ctx, stored, chunk, partition);
  }

  const now = ctx.options.now();
  for (const [groupId, value] of stored) {
    const group = restoreGroup(groupId, value, now);
    ctx.groups.set(groupId, group);
    for (const member of group.members.values()) ctx.rebalancer.heartbeat(group, member);
  }
  let offsets = 0;
  for (const groupId of ctx.offsets.groupIds()) {
    // Empty "since ever": retention then counts from each offset's commit time.
    if (!ctx.groups.has(groupId)) ctx.groups.set(groupId, new ClassicGroup(groupId, 0));
    for (const _ of ctx.offsets.entries(groupId)) offsets++;
  }
  return { groups: ctx.groups.size, offsets };
}

function replayChunk(ctx: CoordinatorContext, stored: Map<string, StoredGroup>, chunk: Buffer, partition: number): void {
  let pos = 0;
  while (pos < chunk.length) {
    let batch;
    try {
      batch = decodeRecordBatch(chunk, pos);
    } catch (err) {
      ctx.options.logger.warn({ partition, position: pos, err: (err as Error).message }, 'skipping unreadable data in __consumer_offsets');
      return;
    }
    pos += batch.size;
    // Control batches are transaction markers; transactional offset commits are not supported.
    if (batch.isControl) continue;
    for (const rec of batch.records) {
      if (rec.key === null) continue;
      let record;
      try {
        record = decodeCoordinatorRecord(rec.key, rec.value);
      } catch (err) {
        ctx.options.logger.warn({ partition, offset: Number(rec.offset), err: (err as Error).message }, 'skipping unreadable __consumer_offsets record');
        continue;
      }
      if (record.kind === 'offset') {
        const { group, topic, partition: p } = record.key;
        if (record.value === null) ctx.offsets.delete(group, topic, p);
        else ctx.offsets.put(group, topic, p, record.value, Number(rec.offset));
      } else if (record.kind === 'group') {
        if (record.value === null) stored.delete(record.groupId);
        else stored.set(record.groupId, record.value);
      }
    }
  }
}
