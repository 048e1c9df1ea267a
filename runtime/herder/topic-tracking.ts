/**
 * Active topics (GET /connectors/{c}/topics, Connect's KIP-558): the task clients the Worker gets are
 * wrapped so that the first record a task writes to (source) or reads from (sink) a topic records that
 * topic in the status store, unless the store already has it. Each task instance records a topic
 * once, so a reset (which deletes the entries) is undone only by records of tasks started afterwards.
 */
import type { Logger } from 'pino';
import type { StatusBackingStore } from '../storage/index.ts';
import type { TaskClients } from '../worker/index.ts';

const SOURCE_PRODUCER = 'connector-producer-';
const SINK_CONSUMER = 'connector-consumer-';

export function topicTrackingClients(clients: TaskClients, statuses: StatusBackingStore, logger: Logger): TaskClients {
  const recorder = (clientId: string, prefix: string) => {
    const id = taskOf(clientId, prefix);
    if (!id) return undefined;
    const seen = new Set<string>();
    return (topic: string) => {
      if (seen.has(topic)) return;
      seen.add(topic);
      if (statuses.topic(id.connector, topic)) return;
      statuses.putTopic({ topic, connector: id.connector, task: id.task, discoverTimestamp: Date.now() }).catch((error: unknown) => {
        logger.warn({ err: error, connector: id.connector, topic }, 'could not record an active topic');
      });
    };
  };
  return {
    ...clients,
    async producer(request) {
      const producer = await clients.producer(request);
      const record = recorder(request.clientId, SOURCE_PRODUCER);
      if (!record) return producer;
      return {
        async send(records) {
          const metadata = await producer.send(records);
          for (const r of records) record(r.topic);
          return metadata;
        },
        flush: () => producer.flush(),
        close: () => producer.close(),
      };
    },
    async consumer(request) {
      const consumer = await clients.consumer(request);
      const record = recorder(request.clientId, SINK_CONSUMER);
      if (!record) return consumer;
      return {
        async poll(timeoutMs, maxRecords) {
          const records = await consumer.poll(timeoutMs, maxRecords);
          for (const r of records) record(r.topic);
          return records;
        },
        wakeup: () => consumer.wakeup(),
        assignment: () => consumer.assignment(),
        pause: (partitions) => consumer.pause(partitions),
        resume: (partitions) => consumer.resume(partitions),
        seek: (partition, offset) => consumer.seek(partition, offset),
        position: (partition) => consumer.position(partition),
        commit: (offsets) => consumer.commit(offsets),
        close: () => consumer.close(),
      };
    },
  };
}

/** The task of a client id `<prefix><connector>-<task>` (connector names may contain dashes). */
function taskOf(clientId: string, prefix: string): { connector: string; task: number } | undefined {
  if (!clientId.startsWith(prefix)) return undefined;
  const rest = clientId.slice(prefix.length);
  const dash = rest.lastIndexOf('-');
  const task = Number(rest.slice(dash + 1));
  if (dash <= 0 || !Number.isInteger(task)) return undefined;
  return { connector: rest.slice(0, dash), task };
}
