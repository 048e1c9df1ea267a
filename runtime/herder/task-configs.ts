/**
 * Task configs as the herders handle them: when newly generated ones differ from the committed ones
 * (only then are they written, as Connect does), and how a paused connector gets its first ones.
 *
 * Connect generates task configs only from a started connector. Sluice also generates them for a
 * PAUSED connector that has none yet (created with initial_state PAUSED), from a short-lived instance
 * of the connector (initialize, start, taskConfigs, stop), so that it has its tasks, paused, from the
 * start, as the REST contract expects; the connector instance the Worker runs stays stopped.
 */
import { SinkConnector, SourceConnector, type Props } from '../../connectors/sdk/index.ts';
import type { PluginRegistry } from '../plugins/index.ts';
import { createOffsetStorageReader, type ClusterConfigState, type OffsetBackingStore } from '../storage/index.ts';
import type { ConnectorConfig } from './connect-types.ts';

/** tasks.max as a number (validated configs have a positive integer or nothing). */
export function maxTasks(config: ConnectorConfig): number {
  const value = Number(config['tasks.max'] ?? '1');
  return Number.isSafeInteger(value) && value > 0 ? value : 1;
}

/** A config's identity regardless of key order. */
export function configText(config: ConnectorConfig | undefined): string {
  if (!config) return '';
  return JSON.stringify(Object.keys(config).sort().map((k) => [k, config[k]]));
}

export function taskConfigsChanged(snapshot: ClusterConfigState, connector: string, configs: readonly ConnectorConfig[]): boolean {
  if (snapshot.isInconsistent(connector)) return true;
  const current = snapshot.taskConfigs(connector);
  if (current.length !== configs.length || snapshot.taskCount(connector) !== configs.length) return true;
  return configs.some((config, i) => configText(config) !== configText(current[i]));
}

export async function pausedConnectorTaskConfigs(plugins: PluginRegistry, offsets: OffsetBackingStore, name: string, config: ConnectorConfig): Promise<ConnectorConfig[]> {
  const connector = new (plugins.connectorClass(config['connector.class']))();
  const context = { requestTaskReconfiguration: () => {}, raiseError: () => {} };
  if (connector instanceof SourceConnector) connector.initialize({ ...context, offsetStorageReader: createOffsetStorageReader(offsets, name) });
  else connector.initialize(context);
  await connector.start(config as Props);
  let configs: Props[];
  try {
    configs = (await connector.taskConfigs(maxTasks(config))).slice(0, maxTasks(config));
  } finally {
    await connector.stop();
  }
  // What the Worker adds to every task config (see WorkerConnector.taskConfigs).
  const additions: ConnectorConfig = { 'task.class': connector.taskClass().name };
  if (connector instanceof SinkConnector) {
    for (const key of [SinkConnector.TOPICS_CONFIG, SinkConnector.TOPICS_REGEX_CONFIG]) if (config[key] !== undefined) additions[key] = config[key];
  }
  return configs.map((c) => ({
    ...Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)])),
    ...additions,
  }));
}
