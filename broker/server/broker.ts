/**
 * One running broker: its log manager, handlers and TCP listener, started and stopped
 * as a unit. Stopping closes the listener first (no new requests), then flushes and
 * closes the logs, so an acknowledged write is on disk before the process exits.
 */
import type { Logger } from 'pino';
import { LogManager } from '../log/log-manager.ts';
import { brokerConfig, parseHostPort, type BrokerConfig } from './broker-config.ts';
import { loadOrCreateIdentity } from './cluster-identity.ts';
import { AppendNotifier } from './append-notifier.ts';
import { Dispatcher } from './dispatcher.ts';
import { TcpServer } from './tcp-server.ts';
import type { ClusterView } from './cluster-view.ts';
import type { Handler } from './handler.ts';
import { apiVersionsHandler } from './handlers/api-versions.ts';
import { metadataHandler } from './handlers/metadata.ts';
import { produceHandler } from './handlers/produce.ts';
import { fetchHandler } from './handlers/fetch.ts';
import { listOffsetsHandler } from './handlers/list-offsets.ts';
import { createTopicsHandler } from './handlers/create-topics.ts';
import { deleteTopicsHandler } from './handlers/delete-topics.ts';
import { createPartitionsHandler } from './handlers/create-partitions.ts';
import { deleteRecordsHandler } from './handlers/delete-records.ts';
import { describeConfigsHandler } from './handlers/describe-configs.ts';
import { alterConfigsHandler, incrementalAlterConfigsHandler } from './handlers/alter-configs.ts';
import { describeClusterHandler } from './handlers/describe-cluster.ts';
import { GroupCoordinator } from '../groups/group-coordinator.ts';
import { groupHandlers } from '../groups/group-handlers.ts';
import { logBackedCoordinatorLog } from '../groups/log-backed-coordinator-log.ts';
import { initProducerIdHandler } from './handlers/init-producer-id.ts';
import { ProducerIdAllocator } from './producer-id-allocator.ts';

export interface RunningBroker {
  readonly address: { host: string; port: number };
  readonly config: BrokerConfig;
  stop(): Promise<void>;
}

export async function startBroker(input: Record<string, unknown>, log: Logger): Promise<RunningBroker> {
  const config = brokerConfig(input);
  const dataDir = config['log.dirs'];
  const identity = loadOrCreateIdentity(dataDir, config['node.id']);
  const logs = await LogManager.open({
    dataDir,
    topicConfigDefaults: { 'flush.ms': config['log.flush.interval.ms'], ...config['topic.defaults'] },
    defaultNumPartitions: config['num.partitions'],
    retentionCheckIntervalMs: config['log.retention.check.interval.ms'],
    producerIdExpirationMs: config['producer.id.expiration.ms'],
    cleanerBackoffMs: config['log.cleaner.backoff.ms'],
    cleanerDedupeBufferBytes: config['log.cleaner.dedupe.buffer.size'],
  });
  const notifier = new AppendNotifier();
  logs.onAppend((partitionLog) => notifier.notify(partitionLog.topic, partitionLog.partition));

  const coordinator = new GroupCoordinator(logBackedCoordinatorLog(logs), {
    initialRebalanceDelayMs: config['group.initial.rebalance.delay.ms'],
    minSessionTimeoutMs: config['group.min.session.timeout.ms'],
    maxSessionTimeoutMs: config['group.max.session.timeout.ms'],
    offsetsRetentionMs: config['offsets.retention.minutes'] * 60_000,
    offsetsRetentionCheckIntervalMs: config['offsets.retention.check.interval.ms'],
    offsetsTopicPartitions: config['offsets.topic.num.partitions'],
    offsetMetadataMaxBytes: config['offset.metadata.max.bytes'],
    logger: log.child({ component: 'group-coordinator' }),
  });
  try {
    await coordinator.start();
  } catch (err) {
    await logs.close();
    throw err;
  }

  let advertised = { host: '127.0.0.1', port: 0 };
  const cluster: ClusterView = { clusterId: identity.clusterId, nodeId: identity.nodeId, advertised: () => advertised };
  const brokerConfigs = () =>
    Object.fromEntries(Object.entries(config).filter(([k]) => k !== 'topic.defaults').map(([k, v]) => [k, String(v)]));

  const handlers: Handler[] = [
    metadataHandler({ logs, cluster, autoCreateTopics: config['auto.create.topics.enable'] }),
    produceHandler({ logs }),
    fetchHandler({ logs, notifier }),
    listOffsetsHandler({ logs }),
    createTopicsHandler({ logs, nodeId: identity.nodeId }),
    deleteTopicsHandler({ logs }),
    createPartitionsHandler({ logs, nodeId: identity.nodeId }),
    deleteRecordsHandler({ logs }),
    describeConfigsHandler({ logs, nodeId: identity.nodeId, brokerConfigs }),
    alterConfigsHandler({ logs }),
    incrementalAlterConfigsHandler({ logs }),
    describeClusterHandler(cluster),
    initProducerIdHandler({ producerIds: ProducerIdAllocator.open(dataDir) }),
    ...groupHandlers({ coordinator, self: () => ({ nodeId: identity.nodeId, ...advertised }) }),
  ];
  const dispatcher: Dispatcher = new Dispatcher([...handlers, apiVersionsHandler(() => dispatcher.advertised())]);

  const server = new TcpServer(dispatcher, log, config['socket.request.max.bytes']);
  const listen = parseHostPort(config.listeners);
  let bound;
  try {
    bound = await server.listen(listen.host, listen.port);
  } catch (err) {
    coordinator.close();
    await logs.close();
    throw err;
  }
  advertised = config['advertised.listeners'] ? parseHostPort(config['advertised.listeners']) : bound;
  logs.start();

  let stopping: Promise<void> | null = null;
  return {
    address: bound,
    config,
    stop() {
      stopping ??= (async () => {
        await server.close();
        coordinator.close();
        await logs.close();
      })();
      return stopping;
    },
  };
}
