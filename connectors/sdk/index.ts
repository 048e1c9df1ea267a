/** sluice/sdk: everything a connector or converter plugin imports. */
export { ErrorCodes, ConnectException, DataException, RetriableException, ConfigException, isRetriable } from './errors.ts';
export type { ErrorCode, ErrorDefinition, ConnectErrorOptions, ConfigErrorOptions } from './errors.ts';
export type { MaybePromise } from './maybe-promise.ts';
export type { Props } from './props.ts';

export { SchemaType } from './data/schema-type.ts';
export { Schema } from './data/schema.ts';
export type { SchemaInit } from './data/schema.ts';
export { Field } from './data/field.ts';
export { SchemaBuilder } from './data/schema-builder.ts';
export { Struct } from './data/struct.ts';
export { SchemaAndValue } from './data/schema-and-value.ts';
export { BigDecimal } from './data/big-decimal.ts';
export { Decimal } from './data/decimal.ts';
export { ConnectDate } from './data/connect-date.ts';
export { Time } from './data/time.ts';
export { Timestamp } from './data/timestamp.ts';
export { validateValue } from './data/validate-value.ts';

export { Header } from './header/header.ts';
export { ConnectHeaders } from './header/connect-headers.ts';

export { ConnectRecord } from './records/connect-record.ts';
export type { ConnectRecordInit } from './records/connect-record.ts';
export { SourceRecord } from './records/source-record.ts';
export type { SourceRecordInit } from './records/source-record.ts';
export { SinkRecord } from './records/sink-record.ts';
export type { SinkRecordInit } from './records/sink-record.ts';
export { TimestampType } from './records/timestamp-type.ts';
export { TopicPartition } from './records/topic-partition.ts';
export type { OffsetAndMetadata, RecordMetadata } from './records/offset-and-metadata.ts';
export type { OffsetValue, SourceOffset, SourcePartition } from './records/source-offsets.ts';

export { Connector } from './connector/connector.ts';
export { SourceConnector } from './connector/source-connector.ts';
export { SinkConnector } from './connector/sink-connector.ts';
export type { ConnectorContext, SourceConnectorContext, SinkConnectorContext } from './connector/connector-context.ts';

export { Task } from './task/task.ts';
export type { TaskClass } from './task/task.ts';
export { SourceTask } from './task/source-task.ts';
export { SinkTask } from './task/sink-task.ts';
export type { PartitionOffsets } from './task/sink-task.ts';
export type { SourceTaskContext } from './task/source-task-context.ts';
export type { SinkTaskContext } from './task/sink-task-context.ts';
export type { OffsetStorageReader } from './task/offset-storage-reader.ts';
export type { ErrantRecordReporter } from './task/errant-record-reporter.ts';

export { ConfigDef } from './config/config-def.ts';
export type { ConfigInput } from './config/config-def.ts';
export type { ConfigSchema, JsonConfigSchema, ConfigPropertySchema, ConfigImportance, ConfigWidth, ConnectConfigType } from './config/config-schema.ts';
export type { ConfigKeyInfo } from './config/config-key-info.ts';
export { errorCount, configValue } from './config/config-validation.ts';
export type { ConfigValidationResult, ConfigValue } from './config/config-validation.ts';

export type { Converter, ConverterClass } from './converter.ts';

export { readPluginManifest } from './plugin/plugin-manifest.ts';
export type { PluginManifest, PluginEntry, PluginKind } from './plugin/plugin-manifest.ts';
