/**
 * What every status store shares: the StatusTable holding the latest status per connector,
 * task and topic, the reads answered from it, and the "safe" writes that skip a status a
 * newer generation already superseded. Subclasses decide how a write reaches the table.
 */
import type { ConnectorTaskId } from '../herder/connect-types.ts';
import type { ConnectorStatus, TaskStatus } from './status-backing-store.ts';
import type { TopicStatus } from './status-records.ts';
import { StatusTable } from './status-table.ts';

export abstract class TableBackedStatusStore {
  protected readonly table = new StatusTable();

  abstract putConnector(status: ConnectorStatus): Promise<void>;
  abstract putTask(status: TaskStatus): Promise<void>;

  async putConnectorSafe(status: ConnectorStatus): Promise<void> {
    if (this.table.canWriteConnectorSafely(status)) await this.putConnector(status);
  }

  async putTaskSafe(status: TaskStatus): Promise<void> {
    if (this.table.canWriteTaskSafely(status)) await this.putTask(status);
  }

  connector(connector: string): ConnectorStatus | undefined {
    return this.table.connector(connector);
  }

  task(id: ConnectorTaskId): TaskStatus | undefined {
    return this.table.task(id);
  }

  tasks(connector: string): TaskStatus[] {
    return this.table.tasks(connector);
  }

  topic(connector: string, topic: string): TopicStatus | undefined {
    return this.table.topic(connector, topic);
  }

  topics(connector: string): TopicStatus[] {
    return this.table.topics(connector);
  }

  connectors(): string[] {
    return this.table.connectors();
  }
}
