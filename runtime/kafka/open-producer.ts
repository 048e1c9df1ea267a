/**
 * A producer with acks=all whose records land where Java clients would put them, idempotent when the
 * cluster can do it. Idempotence needs InitProducerId; against a cluster that does not advertise it the
 * producer falls back to plain acks=all writes (logged), as Connect did before KIP-318.
 */
import { Producer, ProduceAcks, type CompressionAlgorithmValue } from '@platformatic/kafka';
import type { Logger } from 'pino';
import { kafkaCompatiblePartitioner } from './default-partitioner.ts';
import { baseClientOptions, type KafkaClientOptions } from './kafka-client-options.ts';
import { kafkaFailure } from './kafka-errors.ts';

export interface OpenProducerOptions {
  /** Default true; ignored (with a warning) when the cluster lacks InitProducerId. */
  readonly idempotent?: boolean;
  readonly compression?: CompressionAlgorithmValue;
  readonly logger?: Logger;
}

export interface OpenedProducer {
  readonly producer: Producer;
  readonly idempotent: boolean;
}

const INIT_PRODUCER_ID = 22;

export async function openProducer(client: KafkaClientOptions, purpose: string, options: OpenProducerOptions = {}): Promise<OpenedProducer> {
  const base = { retries: 3, retryDelay: 250, ...baseClientOptions(client, purpose) };
  let idempotent = options.idempotent ?? true;
  if (idempotent) {
    const probe = new Producer({ ...base, clientId: `${base.clientId}-probe` });
    try {
      const apis = await probe.listApis();
      if (!apis.some((api) => api.apiKey === INIT_PRODUCER_ID)) {
        idempotent = false;
        options.logger?.warn({ clientId: base.clientId }, 'the Kafka cluster does not support InitProducerId; writing without idempotence (acks=all only)');
      }
    } catch (error) {
      throw kafkaFailure(`connecting to ${base.bootstrapBrokers.join(',')}`, error);
    } finally {
      await probe.close().catch(() => {});
    }
  }
  const producer = new Producer({
    ...base,
    acks: ProduceAcks.ALL,
    idempotent,
    compression: options.compression ?? 'none',
    partitioner: kafkaCompatiblePartitioner,
  });
  return { producer, idempotent };
}
