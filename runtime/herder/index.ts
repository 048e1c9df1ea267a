/** The herders: what the REST API and the CLI drive. Standalone (one process) and distributed (a `connect` group). */
export type { Herder, HerderHandle, PutConnectorResult } from './herder.ts';
export type * from './connect-types.ts';
export { createStandaloneHerder, StandaloneHerder } from './standalone-herder.ts';
export type { StandaloneHerderOptions } from './standalone-herder.ts';
export { readConnectorConfigFile, connectorConfigFromJson } from './connector-config-files.ts';
export type { NamedConnectorConfig } from './connector-config-files.ts';
export { standaloneWorkerConfig, distributedWorkerConfig, STANDALONE_WORKER_CONFIG, DISTRIBUTED_WORKER_CONFIG } from './herder-config.ts';
export type { StandaloneWorkerConfig, DistributedWorkerConfig } from './herder-config.ts';
export { ConnectorValidator, COMMON_CONNECTOR_CONFIG, SINK_CONNECTOR_CONFIG } from './connector-validation.ts';
export type { RestUrlSource } from './rest-url.ts';
export { createDistributedHerder, DistributedHerder } from './distributed-herder.ts';
export type { DistributedHerderOptions } from './distributed-herder.ts';
