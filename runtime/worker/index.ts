/** The Worker: runs connectors and tasks for a herder. */
export { Worker } from './worker.ts';
export type { WorkerOptions } from './worker.ts';
export type { ConnectorHooks } from './worker-connector.ts';
export type { StatusListener } from './status-listener.ts';
export type { ConnectorPlugins, ConnectorClass } from './connector-plugins.ts';
export type { TaskClients, ProducerRequest, ConsumerRequest, TopicRequest } from './task-clients.ts';
export type { TaskProducer, ProducerRecord } from './task-producer.ts';
export type { TaskConsumer, ConsumerRebalanceListener, Subscription, LogRecord } from './task-consumer.ts';
export type { SourceOffsetStore } from './task-environment.ts';
export { workerConfig, WORKER_TASK_CONFIG } from './worker-config.ts';
export type { WorkerConfig, WorkerTaskSettings } from './worker-config.ts';
export { kafkaTaskClients } from './kafka-task-clients.ts';
export type { KafkaTaskClientsOptions } from './kafka-task-clients.ts';
export { ERROR_HANDLING_CONFIG } from './error-handling/error-handling-config.ts';
export { DLQ_HEADER_PREFIX } from './error-handling/dead-letter-queue-reporter.ts';
