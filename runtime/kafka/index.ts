/** The runtime's Kafka client layer: the only place the runtime talks to Kafka (through @platformatic/kafka). */
export type { KafkaClientOptions } from './kafka-client-options.ts';
export { createAdmin } from './create-admin.ts';
export { ensureTopic, cleanupPolicy } from './ensure-topic.ts';
export type { TopicSpec, EnsuredTopic } from './ensure-topic.ts';
export { partitionForKey, kafkaCompatiblePartitioner } from './default-partitioner.ts';
export { KafkaBasedLog } from './kafka-based-log.ts';
export type { KafkaBasedLogOptions, LogWrite, WriteReceipt } from './kafka-based-log.ts';
export type { LogRecord } from './log-record.ts';
export { hasKafkaError, isRetriable, describeKafkaError, kafkaFailure } from './kafka-errors.ts';
export { createSourceRecordProducer } from './source-record-producer.ts';
export type { SourceRecordProducer, SourceRecordProducerOptions, ProducerRecord } from './source-record-producer.ts';
export { createSinkConsumer } from './sink-consumer.ts';
export type { SinkConsumer, SinkConsumerOptions } from './sink-consumer.ts';
export type { OffsetReset } from './partition-fetcher.ts';
