/** Kafka's FileStream connectors: a source following a text file and a sink appending to one. */
export { FileStreamSourceConnector } from './source-connector.ts';
export { FileStreamSourceTask } from './source-task.ts';
export { FileStreamSinkConnector } from './sink-connector.ts';
export { FileStreamSinkTask } from './sink-task.ts';
export type { SourceConfig } from './source-config.ts';
export type { SinkConfig } from './sink-config.ts';
