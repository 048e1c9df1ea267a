/**
 * Statuses of the standalone worker (and tests): writes apply at once to a StatusTable with the same
 * rules the Kafka store applies to what it reads back.
 */
import type { ConnectorTaskId } from '../herder/connect-types.ts';
import type { ConnectorStatus, StatusBackingStore, TaskStatus } from './status-backing-store.ts';
import type { TopicStatus } from './status-records.ts';
import { StatusTable } from './status-table.ts';

export class MemoryStatusBackingStore implements StatusBackingStore {
  readonly #table = new StatusTable();

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async putConnector(status: ConnectorStatus): Promise<void> {
    this.#table.applyConnector(status.connector, status);
  }

  async putConnectorSafe(status: ConnectorStatus): Promise<void> {
    if (this.#table.canWriteConnectorSafely(status)) await this.putConnector(status);
  }

  async putTask(status: TaskStatus): Promise<void> {
    this.#table.applyTask(status.id, status);
  }

  async putTaskSafe(status: TaskStatus): Promise<void> {
    if (this.#table.canWriteTaskSafely(status)) await this.putTask(status);
  }

  async putTopic(status: TopicStatus): Promise<void> {
    this.#table.applyTopic(status.connector, status.topic, status);
  }

  async deleteTopic(connector: string, topic: string): Promise<void> {
    this.#table.applyTopic(connector, topic, null);
  }

  connector(connector: string): ConnectorStatus | undefined {
    return this.#table.connector(connector);
  }

  task(id: ConnectorTaskId): TaskStatus | undefined {
    return this.#table.task(id);
  }

  tasks(connector: string): TaskStatus[] {
    return this.#table.tasks(connector);
  }

  topic(connector: string, topic: string): TopicStatus | undefined {
    return this.#table.topic(connector, topic);
  }

  topics(connector: string): TopicStatus[] {
    return this.#table.topics(connector);
  }

  connectors(): string[] {
    return this.#table.connectors();
  }

  async refresh(): Promise<void> {}

  async flush(): Promise<void> {}
}
