/**
 * Where connector, task and active-topic statuses live (Connect's StatusBackingStore). Every worker
 * writes the statuses of what it runs and reads everyone's; the REST API answers from the reads.
 * Variants: Kafka (status topic) and memory (standalone worker, tests).
 */
import type { ConnectorTaskId } from '../herder/connect-types.ts';
import type { StatusValue, TopicStatus } from './status-records.ts';

export type { StatusState, StatusValue, TopicStatus } from './status-records.ts';

export interface ConnectorStatus extends StatusValue {
  readonly connector: string;
}

export interface TaskStatus extends StatusValue {
  readonly id: ConnectorTaskId;
}

export interface StatusBackingStore {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Writes unconditionally; state DESTROYED deletes. Resolves when acknowledged. */
  putConnector(status: ConnectorStatus): Promise<void>;
  /**
   * Writes unless the status known now was written by another worker in a later generation (a
   * worker that lost the connector in a rebalance must not overwrite its new owner's status).
   */
  putConnectorSafe(status: ConnectorStatus): Promise<void>;
  putTask(status: TaskStatus): Promise<void>;
  putTaskSafe(status: TaskStatus): Promise<void>;
  putTopic(status: TopicStatus): Promise<void>;
  deleteTopic(connector: string, topic: string): Promise<void>;

  connector(connector: string): ConnectorStatus | undefined;
  task(id: ConnectorTaskId): TaskStatus | undefined;
  /** The connector's known task statuses, by task number. */
  tasks(connector: string): TaskStatus[];
  topic(connector: string, topic: string): TopicStatus | undefined;
  topics(connector: string): TopicStatus[];
  /** Connectors with a status entry. */
  connectors(): string[];

  /** Reads up to the current end (statuses other workers wrote); TIMEOUT if it cannot. */
  refresh(timeoutMs?: number): Promise<void>;
  /** Resolves when every write issued so far is acknowledged. */
  flush(): Promise<void>;
}
