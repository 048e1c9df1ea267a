/**
 * An in-memory CoordinatorLog for tests: partitions are arrays of stored batches with offsets
 * assigned as a log would; appends can be made to fail.
 */
import { ErrorCode, KafkaProtocolError } from '../../../broker/protocol/error-codes.ts';
import { decodeRecordBatch } from '../../../broker/protocol/records/record-batch.ts';
import { decodeCoordinatorRecord, type CoordinatorRecord } from '../../../broker/groups/coordinator-record.ts';
import type { CoordinatorLog } from '../../../broker/groups/coordinator-log.ts';

export class MemoryCoordinatorLog implements CoordinatorLog {
  readonly partitions: Buffer[][] = [];
  private readonly nextOffsets: number[] = [];
  /** Appends fail (KAFKA_STORAGE_ERROR) while this is positive; each failure decrements it. */
  failAppends = 0;
  appends = 0;

  ensureTopic(partitions: number): number {
    if (this.partitions.length === 0) {
      for (let p = 0; p < partitions; p++) {
        this.partitions.push([]);
        this.nextOffsets.push(0);
      }
    }
    return this.partitions.length;
  }

  async append(partition: number, batch: Buffer): Promise<{ baseOffset: number }> {
    this.appends++;
    if (this.failAppends > 0) {
      this.failAppends--;
      throw new KafkaProtocolError(ErrorCode.KAFKA_STORAGE_ERROR, 'disk on fire (test)');
    }
    const stored = Buffer.from(batch);
    const baseOffset = this.nextOffsets[partition];
    stored.writeBigInt64BE(BigInt(baseOffset), 0);
    this.partitions[partition].push(stored);
    this.nextOffsets[partition] = baseOffset + decodeRecordBatch(stored).lastOffsetDelta + 1;
    return { baseOffset };
  }

  *readAll(partition: number): Iterable<Buffer> {
    yield* this.partitions[partition];
  }

  /** Every record ever appended, decoded, in append order per partition. */
  records(): CoordinatorRecord[] {
    return this.partitions.flatMap((batches) =>
      batches.flatMap((b) => decodeRecordBatch(b).records.map((r) => decodeCoordinatorRecord(r.key!, r.value))),
    );
  }
}
