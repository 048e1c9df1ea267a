/**
 * Statuses of the standalone worker (and tests): writes apply at once to a StatusTable with the same
 * rules the Kafka store applies to what it reads back.
 */
import type { ConnectorStatus, StatusBackingStore, TaskStatus } from './status-backing-store.ts';
import type { TopicStatus } from './status-records.ts';
import { TableBackedStatusStore } from './table-backed-status-store.ts';

export class MemoryStatusBackingStore extends TableBackedStatusStore implements StatusBackingStore {

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async putConnector(status: ConnectorStatus): Promise<void> {
    this.table.applyConnector(status.connector, status);
  }

  async putTask(status: TaskStatus): Promise<void> {
    this.table.applyTask(status.id, status);
  }

  async putTopic(status: TopicStatus): Promise<void> {
    this.table.applyTopic(status.connector, status.topic, status);
  }

  async deleteTopic(connector: string, topic: string): Promise<void> {
    this.table.applyTopic(connector, topic, null);
  }

  async refresh(): Promise<void> {}

  async flush(): Promise<void> {}
}
