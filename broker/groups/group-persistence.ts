/**
 * Writes the coordinator's state changes to the group's __consumer_offsets partition as one record
 * batch per change, and answers with the protocol error code of the outcome (0 when stored). Callers
 * change their in-memory state only once the write succeeded, except where a removal must take effect
 * at once (see the callers).
 */
import { ErrorCode } from '../protocol/error-codes.ts';
import { encodeRecordBatch } from '../protocol/records/record-batch.ts';
import type { RecordInput } from '../protocol/records/record.ts';
import { appendErrorCode } from './append-error.ts';
import type { ClassicGroup } from './classic-group.ts';
import type { CoordinatorLogger } from './coordinator-options.ts';
import type { CoordinatorLog } from './coordinator-log.ts';
import { groupMetadataRecord, groupTombstone, offsetCommitRecord, offsetTombstone } from './coordinator-record.ts';
import { snapshotGroup } from './group-snapshot.ts';
import type { CommittedOffset, TopicPartitionRef } from './offset-store.ts';
import { offsetsPartitionFor } from './offsets-partition.ts';

export interface AppendOutcome {
  readonly errorCode: number;
  /** Offset of the first record in __consumer_offsets; -1 on failure. */
  readonly baseOffset: number;
}

export class GroupPersistence {
  readonly partitions: number;
  private readonly log: CoordinatorLog;
  private readonly now: () => number;
  private readonly logger: CoordinatorLogger;

  constructor(log: CoordinatorLog, partitions: number, options: { now: () => number; logger: CoordinatorLogger }) {
    this.log = log;
    this.partitions = partitions;
    this.now = options.now;
    this.logger = options.logger;
  }

  partitionFor(groupId: string): number {
    return offsetsPartitionFor(groupId, this.partitions);
  }

  async storeGroup(group: ClassicGroup, assignments?: ReadonlyMap<string, Buffer>): Promise<number> {
    const outcome = await this.append(group.groupId, [groupMetadataRecord(group.groupId, snapshotGroup(group, assignments))], false);
    return outcome.errorCode;
  }

  storeOffsets(groupId: string, offsets: readonly (TopicPartitionRef & { value: CommittedOffset })[]): Promise<AppendOutcome> {
    const records = offsets.map(({ topic, partition, value }) => offsetCommitRecord({ group: groupId, topic, partition }, value));
    return this.append(groupId, records, true);
  }

  /** Tombstones for the offsets and, with `group`, for the group itself (after them, as Kafka orders them). */
  async removeOffsets(groupId: string, offsets: readonly TopicPartitionRef[], options: { group: boolean }): Promise<number> {
    const records = offsets.map(({ topic, partition }) => offsetTombstone({ group: groupId, topic, partition }));
    if (options.group) records.push(groupTombstone(groupId));
    if (records.length === 0) return ErrorCode.NONE.code;
    return (await this.append(groupId, records, false)).errorCode;
  }

  private async append(groupId: string, records: RecordInput[], forOffsetCommit: boolean): Promise<AppendOutcome> {
    try {
      const batch = encodeRecordBatch({ records, baseTimestamp: this.now() });
      const { baseOffset } = await this.log.append(this.partitionFor(groupId), batch);
      return { errorCode: ErrorCode.NONE.code, baseOffset };
    } catch (err) {
      const errorCode = appendErrorCode(err, forOffsetCommit);
      this.logger.warn({ groupId, err: err instanceof Error ? err.message : String(err), errorCode }, 'writing to __consumer_offsets failed');
      return { errorCode, baseOffset: -1 };
    }
  }
}
