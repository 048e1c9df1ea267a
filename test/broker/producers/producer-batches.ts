/**
 * Test helper: record batches of an idempotent producer, built with the broker's own codec.
 */
import { encodeRecordBatch } from '../../../broker/protocol/records/record-batch.ts';

export interface ProducerBatchSpec {
  readonly producerId: bigint;
  readonly epoch?: number;
  readonly seq: number;
  /** Records in the batch (default 1); values are `<prefix><seq + i>`. */
  readonly count?: number;
  readonly prefix?: string;
  readonly timestamp?: number;
  readonly transactional?: boolean;
}

export function producerBatch(spec: ProducerBatchSpec): Buffer {
  const count = spec.count ?? 1;
  const timestamp = spec.timestamp ?? 1_700_000_000_000;
  return encodeRecordBatch({
    producerId: spec.producerId,
    producerEpoch: spec.epoch ?? 0,
    baseSequence: spec.seq,
    transactional: spec.transactional,
    baseTimestamp: timestamp,
    records: Array.from({ length: count }, (_, i) => ({
      key: null,
      value: Buffer.from(`${spec.prefix ?? 'r'}${spec.seq + i}`),
      timestamp,
    })),
  });
}
