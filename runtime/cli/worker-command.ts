// `sluice worker start`: a distributed worker (joins a Connect group) or, with
// --standalone, a standalone worker running the connector config files given.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { pino } from 'pino';
import type { WorkerRuntime } from '../worker-runtime.ts';
import { stopOnSignals } from './stop-on-signals.ts';

interface WorkerStartOptions {
  bootstrapServer: string;
  groupId?: string;
  restPort?: number;
  restHost: string;
  config?: string;
  standalone?: boolean;
}

export function workerCommand(): Command {
  const worker = new Command('worker').description('run a connector worker against any Kafka-compatible cluster');
  worker
    .command('start [connectorFiles...]')
    .description('start a distributed worker (--group-id) or a standalone one (--standalone CONNECTOR.json...)')
    .option('--bootstrap-server <host:port>', 'Kafka bootstrap servers (comma-separated)', '127.0.0.1:9092')
    .option('--group-id <id>', 'Connect group to join (distributed mode)')
    .option('--rest-port <n>', 'REST API port (rest.port)', (v) => Number.parseInt(v, 10))
    .option('--rest-host <host>', 'REST API listen address', '127.0.0.1')
    .option('--config <worker.json>', 'worker settings as a JSON object of Connect worker configs')
    .option('--standalone', 'standalone mode: run the connector config files given as arguments', false)
    .action(async (connectorFiles: string[], opts: WorkerStartOptions) => {
      // The runtime (REST server, Kafka client, plugins) is loaded on use, not for every command.
      const { startWorkerRuntime, workerProps } = await import('../worker-runtime.ts');
      const { readConnectorConfigFile } = await import('../herder/index.ts');
      const logger = pino({ name: 'sluice-worker' });
      const fileProps = opts.config ? (JSON.parse(readFileSync(opts.config, 'utf8')) as Record<string, unknown>) : {};
      const props = workerProps(fileProps, {
        'bootstrap.servers': opts.bootstrapServer,
        'group.id': opts.groupId,
        'rest.port': opts.restPort,
      });
      if (!opts.standalone && !props['group.id']) throw new Error('a distributed worker needs --group-id (or group.id in --config); use --standalone to run connector files');
      if (opts.standalone && connectorFiles.length === 0) throw new Error('--standalone needs at least one connector config file');
      const connectorConfigs = opts.standalone ? await Promise.all(connectorFiles.map((f) => readConnectorConfigFile(f))) : undefined;
      const starting = startWorkerRuntime({
        mode: opts.standalone ? 'standalone' : 'distributed',
        props,
        restHost: opts.restHost,
        restPort: Number(props['rest.port'] ?? 8083),
        connectorConfigs,
        logger,
      });
      stopOnSignals(logger, 'worker', starting);
      const runtime = await starting;
      logger.info({ url: runtime.url, workerId: runtime.herder.workerId }, 'worker started');
    });
  return worker;
}
