/**
 * What a task needs from a producer: runtime/kafka's SourceRecordProducer (acks=all, idempotent when
 * the cluster can, one request in flight so a partition's records land in send order). Source tasks
 * write their records through one; sink tasks write dead-letter records through one.
 */
import type { SourceRecordProducer } from '../kafka/source-record-producer.ts';

export type { ProducerRecord } from '../kafka/source-record-producer.ts';

export type TaskProducer = Pick<SourceRecordProducer, 'send' | 'flush' | 'close'>;
