// `sluice broker start`: runs the bundled broker in the foreground until SIGTERM/SIGINT.
import { Command } from 'commander';
import { pino } from 'pino';
import { startBroker } from '../../broker/index.ts';
import { stopOnSignals } from './stop-on-signals.ts';

export function brokerCommand(): Command {
  const broker = new Command('broker').description('run the bundled Kafka-compatible broker');
  broker
    .command('start')
    .description('start a broker in the foreground')
    .option('--data-dir <dir>', 'directory for topic metadata and logs', './sluice-data/broker')
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:9092')
    .option('--advertise <host:port>', 'address clients are told to connect to (defaults to the listen address)')
    .option('--node-id <n>', 'node id', (v) => Number.parseInt(v, 10), 1)
    .option('--config <json>', 'further broker settings as a JSON object (names from schemas/broker-config.json)')
    .action(async (opts: { dataDir: string; listen: string; advertise?: string; nodeId: number; config?: string }) => {
      const log = pino({ name: 'sluice-broker' });
      const extra = opts.config ? (JSON.parse(opts.config) as Record<string, unknown>) : {};
      const starting = startBroker(
        {
          ...extra,
          'log.dirs': opts.dataDir,
          listeners: opts.listen,
          'node.id': opts.nodeId,
          ...(opts.advertise ? { 'advertised.listeners': opts.advertise } : {}),
        },
        log,
      );
      stopOnSignals(log, 'broker', starting);
      const running = await starting;
      log.info({ address: `${running.address.host}:${running.address.port}`, dataDir: opts.dataDir }, 'broker started');
    });
  return broker;
}
