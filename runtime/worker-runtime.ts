/**
 * One worker process's parts, started and stopped as a unit: plugins, the REST API and a
 * herder (standalone or distributed). The REST server starts first because the herder
 * advertises its URL; stopping runs in reverse, so in-flight REST calls see a stopping
 * herder rather than a closed socket.
 */
import type { Logger } from 'pino';
import { PluginRegistry } from './plugins/index.ts';
import { startRestServer, type RestServer } from './rest/rest-server.ts';
import { createLoggerRegistry } from './logging/logger-registry.ts';
import { createDistributedHerder, createStandaloneHerder, type Herder, type NamedConnectorConfig } from './herder/index.ts';

export interface WorkerRuntimeOptions {
  readonly mode: 'standalone' | 'distributed';
  /** Worker settings by Connect's names, as strings. */
  readonly props: Readonly<Record<string, string>>;
  readonly restHost: string;
  readonly restPort: number;
  /** Standalone only: connectors to create at start. */
  readonly connectorConfigs?: readonly NamedConnectorConfig[];
  readonly logger: Logger;
}

export interface WorkerRuntime {
  readonly url: string;
  readonly herder: Herder;
  stop(): Promise<void>;
}

/**
 * Kafka Connect requires key.converter and value.converter in every worker config; Sluice
 * defaults both to the JSON converter with schemas, as Kafka's shipped worker configs do.
 */
const DEFAULT_WORKER_PROPS: Readonly<Record<string, string>> = {
  'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
};

export async function startWorkerRuntime(options: WorkerRuntimeOptions): Promise<WorkerRuntime> {
  const { logger } = options;
  const props = { ...DEFAULT_WORKER_PROPS, ...options.props };
  const plugins = new PluginRegistry({ logger: logger.child({ component: 'plugins' }) });
  await plugins.registerBuiltins();
  const pluginPath = (props['plugin.path'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  if (pluginPath.length > 0) await plugins.loadPluginPath(pluginPath);

  let rest: RestServer | undefined;
  const restUrl = () => {
    if (!rest) throw new Error('the REST server is not listening yet');
    return rest.url;
  };
  const handle =
    options.mode === 'distributed'
      ? createDistributedHerder({ props, plugins, restUrl, logger: logger.child({ component: 'herder' }) })
      : createStandaloneHerder({ props, plugins, restUrl, logger: logger.child({ component: 'herder' }), connectorConfigs: options.connectorConfigs });
  rest = await startRestServer({
    herder: handle.herder,
    logger,
    loggers: createLoggerRegistry(logger),
    host: options.restHost,
    port: options.restPort,
    topicTracking: { enable: props['topic.tracking.enable'] !== 'false', allowReset: props['topic.tracking.allow.reset'] !== 'false' },
  });
  try {
    await handle.start();
  } catch (err) {
    await rest.close();
    throw err;
  }
  const server = rest;
  let stopping: Promise<void> | undefined;
  return {
    url: server.url,
    herder: handle.herder,
    stop() {
      stopping ??= (async () => {
        try {
          await handle.stop();
        } finally {
          await server.close();
        }
      })();
      return stopping;
    },
  };
}

/** Worker settings from a JSON file or CLI flags, as the strings Connect's config files hold. */
export function workerProps(...sources: Readonly<Record<string, unknown>>[]): Record<string, string> {
  const props: Record<string, string> = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      if (value === undefined || value === null) continue;
      props[key] = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    }
  }
  return props;
}
