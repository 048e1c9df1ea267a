// `sluice up`: the embedded default. One process runs the bundled broker, one distributed
// worker (REST on 8083) and its internal topics. Ctrl-C stops the worker, then the broker;
// the next `sluice up` on the same data dir resumes every connector where it left off.
import { join } from 'node:path';
import { Command } from 'commander';
import { pino, type Logger } from 'pino';
import { startBroker } from '../../broker/index.ts';
import type { WorkerRuntime } from '../worker-runtime.ts';
import { stopOnSignals, type Stoppable } from './stop-on-signals.ts';

interface UpOptions {
  dataDir: string;
  listen: string;
  restPort: number;
  restHost: string;
}

export function upCommand(): Command {
  return new Command('up')
    .description('run the embedded default: broker + distributed worker in one process')
    .option('--data-dir <dir>', 'where the broker keeps its data', './sluice-data')
    .option('--listen <host:port>', 'broker listen address', '127.0.0.1:9092')
    .option('--rest-port <n>', 'worker REST API port', (v) => Number.parseInt(v, 10), 8083)
    .option('--rest-host <host>', 'worker REST API listen address', '127.0.0.1')
    .action(async (opts: UpOptions) => {
      // The runtime (REST server, Kafka client, plugins) is loaded on use, not for every command.
      const { startWorkerRuntime, workerProps } = await import('../worker-runtime.ts');
      const logger = pino({ name: 'sluice' });
      const starting = startEmbedded(opts, logger, startWorkerRuntime, workerProps);
      stopOnSignals(logger, 'sluice', starting);
      const running = await starting;
      logger.info({ broker: running.bootstrap, rest: running.url }, 'sluice is up');
    });
}

type WorkerRuntimeModule = typeof import('../worker-runtime.ts');

/** Starts the broker, then the worker on it; stopping runs the other way round. */
async function startEmbedded(
  opts: UpOptions,
  logger: Logger,
  startWorkerRuntime: WorkerRuntimeModule['startWorkerRuntime'],
  workerProps: WorkerRuntimeModule['workerProps'],
): Promise<Stoppable & { bootstrap: string; url: string }> {
  const broker = await startBroker(
    {
      'log.dirs': join(opts.dataDir, 'broker'),
      listeners: opts.listen,
      // One worker joins the group: waiting for more members would only delay start-up.
      'group.initial.rebalance.delay.ms': 0,
    },
    logger.child({ part: 'broker' }),
  );
  const bootstrap = `${broker.address.host}:${broker.address.port}`;
  logger.info({ address: bootstrap }, 'broker started');
  let worker: WorkerRuntime;
  try {
    worker = await startWorkerRuntime({
      mode: 'distributed',
      props: workerProps({
        'bootstrap.servers': bootstrap,
        'group.id': 'sluice',
        'config.storage.topic': 'sluice-configs',
        'offset.storage.topic': 'sluice-offsets',
        'status.storage.topic': 'sluice-status',
        'config.storage.replication.factor': 1,
        'offset.storage.replication.factor': 1,
        'status.storage.replication.factor': 1,
      }),
      restHost: opts.restHost,
      restPort: opts.restPort,
      logger: logger.child({ part: 'worker' }),
    });
  } catch (err) {
    await broker.stop();
    throw err;
  }
  return {
    bootstrap,
    url: worker.url,
    async stop() {
      try {
        await worker.stop();
      } finally {
        await broker.stop();
      }
    },
  };
}
