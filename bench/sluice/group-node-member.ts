/**
 * One member of a Kafka consumer group with the Node client (@platformatic/kafka), the
 * like-for-like counterpart of the nats.js member; run by bench/group-throughput.ts as
 *
 *   node bench/sluice/group-node-member.ts '<json settings>'
 *
 * It joins the group (classic protocol, the client's default roundrobin assignor), consumes
 * through the client's message stream from the committed offsets (earliest when there are
 * none), autocommits every 5 s like librdkafka's default, and speaks the same line protocol as
 * bench/sluice/group-member.py: events `ready`, `assigned` (the client's group:join event,
 * after SyncGroup), `first`, `progress`, `final`, `closed`; command `stop`.
 */
import { Consumer } from '@platformatic/kafka';
import { command, emit, KafkaTally, Progress } from '../support/member-protocol.ts';

interface Settings {
  bootstrap: string;
  topic: string;
  group: string;
  name?: string;
  size?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2] ?? '{}') as Settings;
  const consumer = new Consumer({
    clientId: settings.name ?? 'sluice-bench-node-member',
    groupId: settings.group,
    bootstrapBrokers: [settings.bootstrap],
    sessionTimeout: settings.sessionTimeoutMs ?? 6_000,
    heartbeatInterval: settings.heartbeatIntervalMs ?? 2_000,
    rebalanceTimeout: 30_000,
    // Same fetch knobs as the assign()-style Node consumer of the throughput bench.
    maxBytes: 50 * 1024 * 1024,
    maxBytesPerPartition: 8 * 1024 * 1024,
    minBytes: 1,
    maxWaitTime: 100,
    retries: 3,
  });
  const tally = new KafkaTally();
  const progress = new Progress();
  let waitingFirst = new Set<number>();

  consumer.on('consumer:group:join', (event: { generationId?: number; assignments?: { topic: string; partitions: number[] }[] }) => {
    const partitions = (event.assignments ?? []).filter((a) => a.topic === settings.topic).flatMap((a) => a.partitions).sort((a, b) => a - b);
    waitingFirst = new Set(partitions);
    emit('assigned', { partitions, generation: event.generationId });
  });
  consumer.on('consumer:group:rebalance', () => emit('rebalance'));

  emit('ready');
  const stream = await consumer.consume({
    topics: [settings.topic],
    mode: 'committed',
    fallbackMode: 'earliest',
    autocommit: 5_000,
  });
  const size = settings.size;
  stream.on('data', (message: { partition: number; offset: bigint; value: Buffer | undefined }) => {
    const offset = Number(message.offset);
    tally.add(message.partition, offset, message.value?.length ?? 0, size);
    progress.add(1);
    if (waitingFirst.has(message.partition)) {
      waitingFirst.delete(message.partition);
      emit('first', { partition: message.partition, offset });
    }
  });
  stream.on('error', (error: Error) => emit('error', { reason: error.message }));

  await command('stop');
  progress.stop();
  emit('final', { records: progress.records, first_t: progress.firstT, last_t: progress.lastT, partitions: tally.toJSON() });
  await stream.close();
  await consumer.close();
  emit('closed');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
