import type { OffsetStorageReader } from '../task/offset-storage-reader.ts';

/** What the runtime offers a running connector. */
export interface ConnectorContext {
  /** Ask the runtime to call taskConfigs() again, e.g. after the set of tables or files changed. */
  requestTaskReconfiguration(): void;
  /** Fail the connector from a background activity (a monitoring loop), outside any SDK call. */
  raiseError(error: Error): void;
}

export interface SourceConnectorContext extends ConnectorContext {
  /** Offsets committed by this connector's tasks, e.g. to plan task configs around what is done. */
  readonly offsetStorageReader: OffsetStorageReader;
}

export type SinkConnectorContext = ConnectorContext;
