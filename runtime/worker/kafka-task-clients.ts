/**
 * TaskClients on a real Kafka-protocol cluster, through runtime/kafka: the source producer (acks=all,
 * idempotent, topics auto-created by the broker on first write), the sink group consumer, and topic
 * creation for dead letter queues. Client settings Connect users set (producer.* / consumer.* worker
 * keys, *.override.* connector keys) are mapped where runtime/kafka has the knob:
 *   producer: linger.ms, compression.type, delivery.timeout.ms, enable.idempotence, batch.size (records),
 *   max.request.size (bytes per produce request)
 *   consumer: auto.offset.reset, session.timeout.ms, heartbeat.interval.ms, max.poll.interval.ms,
 *             isolation.level, group.id
 * Others are ignored (logged at debug). topics.regex is resolved against the cluster's topics once,
 * when the task starts: topics created later are picked up at the next task restart.
 */
import type { Logger } from 'pino';
import { pino } from 'pino';
import { ConfigException } from '../../connectors/sdk/index.ts';
import { createAdmin } from '../kafka/create-admin.ts';
import { ensureTopic } from '../kafka/ensure-topic.ts';
import type { KafkaClientOptions } from '../kafka/kafka-client-options.ts';
import type { OffsetReset } from '../kafka/partition-fetcher.ts';
import { createSinkConsumer } from '../kafka/sink-consumer.ts';
import { ProducerThreads } from '../kafka/producer-thread/producer-threads.ts';
import { createThreadedSourceRecordProducer } from '../kafka/producer-thread/threaded-producer.ts';
import { createSourceRecordProducer } from '../kafka/source-record-producer.ts';
import { KafkaTaskConsumer } from './kafka-task-consumer.ts';
import type { TaskClients } from './task-clients.ts';
import type { Subscription } from './task-consumer.ts';

export interface KafkaTaskClientsOptions {
  readonly client: KafkaClientOptions;
  readonly logger?: Logger;
  /** Longest single broker long-poll of a sink consumer (its wakeup latency); default 250 ms. */
  readonly pollSliceMs?: number;
  /** Each source task's producer on a thread of its own (the worker's task.producer.thread.enable, true unless set); false when not given. */
  readonly producerThreads?: boolean;
}

const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
const RESETS: readonly OffsetReset[] = ['earliest', 'latest', 'none'];

export function kafkaTaskClients(options: KafkaTaskClientsOptions): TaskClients {
  const logger = options.logger ?? pino({ level: 'silent' });
  const threads = options.producerThreads ? new ProducerThreads() : undefined;
  return {
    async producer({ clientId, configs, sourceRecords }) {
      const compression = configs['compression.type']?.toLowerCase();
      if (compression !== undefined && !COMPRESSIONS.includes(compression as (typeof COMPRESSIONS)[number])) {
        throw new ConfigException(`producer compression.type must be one of ${COMPRESSIONS.join(', ')}, got "${compression}"`, { key: 'compression.type', value: compression });
      }
      const producerOptions = {
        client: options.client,
        name: clientId,
        idempotent: configs['enable.idempotence'] === undefined ? true : configs['enable.idempotence'].toLowerCase() !== 'false',
        compression: compression as (typeof COMPRESSIONS)[number] | undefined,
        lingerMs: integer(configs, 'linger.ms'),
        maxBatchRecords: integer(configs, 'batch.size'),
        maxRequestBytes: integer(configs, 'max.request.size'),
        deliveryTimeoutMs: integer(configs, 'delivery.timeout.ms'),
        autocreateTopics: true,
        logger,
      };
      // Only a source task's records are worth a thread; a dead letter queue writes now and then.
      return threads && sourceRecords ? createThreadedSourceRecordProducer(producerOptions, threads) : createSourceRecordProducer(producerOptions);
    },

    async consumer({ groupId, clientId, configs, subscription, listener }) {
      const reset = (configs['auto.offset.reset'] ?? 'earliest').toLowerCase() as OffsetReset;
      if (!RESETS.includes(reset)) throw new ConfigException(`consumer auto.offset.reset must be earliest, latest or none, got "${reset}"`, { key: 'auto.offset.reset', value: reset });
      const adapter = new KafkaTaskConsumer(listener, options.pollSliceMs);
      const sink = await createSinkConsumer({
        client: options.client,
        connector: clientId,
        groupId: configs['group.id'] ?? groupId,
        topics: await topicsOf(options.client, subscription),
        autoOffsetReset: reset,
        readCommitted: configs['isolation.level'] === 'read_committed',
        sessionTimeoutMs: integer(configs, 'session.timeout.ms'),
        heartbeatIntervalMs: integer(configs, 'heartbeat.interval.ms'),
        rebalanceTimeoutMs: integer(configs, 'max.poll.interval.ms'),
        ...adapter.callbacks(),
        logger,
      });
      return adapter.attach(sink);
    },

    async close() {
      await threads?.close();
    },

    async ensureTopic(topic) {
      const admin = createAdmin(options.client, 'dlq-admin');
      try {
        await ensureTopic(admin, { name: topic.name, partitions: topic.partitions, replicationFactor: topic.replicationFactor });
      } finally {
        await admin.close().catch(() => {});
      }
    },
  };
}

async function topicsOf(client: KafkaClientOptions, subscription: Subscription): Promise<readonly string[]> {
  if ('topics' in subscription) return subscription.topics;
  const admin = createAdmin(client, 'topics-regex');
  try {
    // Like Java's pattern subscriptions, internal topics (__consumer_offsets, ...) are never matched.
    const topics = (await admin.listTopics()).filter((t) => !t.startsWith('__') && subscription.pattern.test(t)).sort();
    if (topics.length === 0) throw new ConfigException(`topics.regex ${subscription.pattern.source} matches no topic yet; create one, then restart the task`, { key: 'topics.regex' });
    return topics;
  } finally {
    await admin.close().catch(() => {});
  }
}

function integer(configs: Readonly<Record<string, string>>, key: string): number | undefined {
  const raw = configs[key];
  if (raw === undefined) return undefined;
  const value = Number(raw.trim());
  if (!Number.isSafeInteger(value) || value < 0) throw new ConfigException(`${key} must be a non-negative integer, got "${raw}"`, { key, value: raw });
  return value;
}
