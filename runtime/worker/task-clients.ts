/**
 * Where tasks get their Kafka clients. The Worker knows nothing of brokers: the herder hands it these
 * factories (kafka-task-clients.ts builds them from runtime/kafka; tests pass in-memory ones).
 * `configs` are the client settings Connect would pass: the worker's `producer.*` / `consumer.*`
 * keys overridden by the connector's `producer.override.*` / `consumer.override.*`, prefixes removed.
 */
import type { ConsumerRebalanceListener, Subscription, TaskConsumer } from './task-consumer.ts';
import type { TaskProducer } from './task-producer.ts';

export interface ProducerRequest {
  /** Connect's client id, e.g. "connector-producer-my-source-0". */
  readonly clientId: string;
  readonly configs: Readonly<Record<string, string>>;
  /** A source task's record producer (its bulk output), as opposed to occasional writes such as a dead letter queue's. */
  readonly sourceRecords?: boolean;
}

export interface ConsumerRequest extends ProducerRequest {
  /** "connect-<connector>" */
  readonly groupId: string;
  readonly subscription: Subscription;
  /** Called only from inside poll(). */
  readonly listener: ConsumerRebalanceListener;
}

export interface TopicRequest {
  readonly name: string;
  readonly partitions: number;
  /** -1: the broker's default. */
  readonly replicationFactor: number;
}

export interface TaskClients {
  producer(request: ProducerRequest): Promise<TaskProducer>;
  consumer(request: ConsumerRequest): Promise<TaskConsumer>;
  /** Creates a topic if missing (the dead letter queue); without it the broker's auto-creation applies. */
  ensureTopic?(topic: TopicRequest): Promise<void>;
  /** Releases what the factories keep between calls (a booted producer thread); after every task has stopped. */
  close?(): Promise<void>;
}
