#!/usr/bin/env node
// The `sluice` command line: assembles the command groups; each lives in its own file.
import { Command } from 'commander';
import { brokerCommand } from './broker-command.ts';
import { topicsCommand } from './topics-command.ts';
import { connectorsCommand } from './connectors-command.ts';
import { workerCommand } from './worker-command.ts';
import { upCommand } from './up-command.ts';
import { version } from '../version.ts';
import { describeError } from './describe-error.ts';

const program = new Command('sluice')
  .description('Sluice: connector runtime and Kafka-wire-compatible log broker')
  .version(version)
  .showHelpAfterError();

program.addCommand(upCommand());
program.addCommand(brokerCommand());
program.addCommand(workerCommand());
program.addCommand(topicsCommand());
program.addCommand(connectorsCommand());

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`sluice: ${describeError(err)}`);
  process.exit(1);
});
