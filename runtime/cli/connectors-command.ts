// `sluice connectors ...`: connector administration through the Connect REST API, so it works against Sluice or Kafka Connect.
import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import type { ConnectorConfig, ConnectorOffsets, ConnectorStateInfo } from '../herder/connect-types.ts';
import { ConnectClient, type CreateConnectorRequest } from '../rest/connect-client.ts';
import { printTable } from './table.ts';

const DEFAULT_URL = 'http://127.0.0.1:8083';

type Print = (line: string) => void;

interface CommonOptions {
  url: string;
  json: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function parsePairs(pairs: string[]): ConnectorConfig {
  return Object.fromEntries(
    pairs.map((pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`--config expects key=value, got '${pair}'`);
      return [pair.slice(0, eq), pair.slice(eq + 1)];
    }),
  );
}

async function readJsonFile(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read JSON from ${file}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * A config file holds either Connect's create body {name, config, initial_state?} (a saved
 * GET /connectors/{c} answer works too) or a flat config, as GET /connectors/{c}/config
 * answers, whose "name" names the connector.
 */
async function readConfigFile(file: string): Promise<{ name?: string; config: ConnectorConfig; initial_state?: CreateConnectorRequest['initial_state'] }> {
  const parsed = await readJsonFile(file);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${file} must hold a JSON object`);
  const object = parsed as Record<string, unknown>;
  const stringify = (config: object) => Object.fromEntries(Object.entries(config).map(([k, v]) => [k, String(v)]));
  const name = typeof object.name === 'string' ? object.name : undefined;
  if (object.config && typeof object.config === 'object') {
    const initialState = object.initial_state as CreateConnectorRequest['initial_state'] | undefined;
    return { name, config: stringify(object.config), ...(initialState ? { initial_state: initialState } : {}) };
  }
  return { name, config: stringify(object) };
}

function firstLine(text: string | undefined): string {
  return text?.split('\n', 1)[0] ?? '';
}

function printStatus(status: ConnectorStateInfo, print: Print): void {
  print(`Connector ${status.name} (${status.type}): ${status.connector.state} on ${status.connector.worker_id}`);
  if (status.connector.trace) print(`  ${firstLine(status.connector.trace)}`);
  if (status.tasks.length === 0) print('No tasks.');
  printTable(
    status.tasks.map((t) => ({ task: t.id, state: t.state, worker: t.worker_id, trace: firstLine(t.trace) })),
    print,
  );
}

function printOffsets(offsets: ConnectorOffsets, print: Print): void {
  if (offsets.offsets.length === 0) print('No offsets.');
  printTable(
    offsets.offsets.map((o) => ({ partition: JSON.stringify(o.partition), offset: JSON.stringify(o.offset) })),
    print,
  );
}

export function connectorsCommand(print: Print = console.log): Command {
  const connectors = new Command('connectors').description('manage connectors through a Connect REST API (Sluice or Kafka Connect)');
  const show = (opts: CommonOptions, value: unknown, human: () => void) => (opts.json ? print(JSON.stringify(value, null, 2)) : human());

  const command = (spec: string, description: string) =>
    connectors
      .command(spec)
      .description(description)
      .option('--url <url>', 'Connect REST API to talk to', DEFAULT_URL)
      .option('--json', 'print the REST answer as JSON', false);

  command('list', 'list connectors with their state').action(async (opts: CommonOptions) => {
    const expanded = await new ConnectClient(opts.url).connectorsExpanded();
    show(opts, expanded, () => {
      const names = Object.keys(expanded).sort();
      if (names.length === 0) return print('No connectors.');
      printTable(
        names.map((name) => {
          const { status, info } = expanded[name];
          const running = status.tasks.filter((t) => t.state === 'RUNNING').length;
          return { name, type: info.type, state: status.connector.state, tasks: `${running}/${status.tasks.length} running`, class: info.config['connector.class'] ?? '' };
        }),
        print,
      );
    });
  });

  command('get <name>', "show a connector's config and tasks").action(async (name: string, opts: CommonOptions) => {
    const info = await new ConnectClient(opts.url).connector(name);
    show(opts, info, () => {
      print(`Connector ${info.name} (${info.type})`);
      printTable(
        Object.keys(info.config)
          .sort()
          .map((key) => ({ key, value: info.config[key] })),
        print,
      );
      print(`Tasks: ${info.tasks.length ? info.tasks.map((t) => t.task).join(', ') : 'none'}`);
    });
  });

  command('create', 'create a connector from a config file and/or key=value pairs')
    .option('--config-file <file>', "JSON file: Connect's {name, config} body, or a flat config with name")
    .option('--name <name>', 'connector name (overrides the file\'s)')
    .option('--config <key=value>', 'config entry, overriding the file\'s (repeatable)', collect, [])
    .addOption(new Option('--initial-state <state>', 'state to start in').choices(['RUNNING', 'PAUSED', 'STOPPED']))
    .action(async (opts: CommonOptions & { configFile?: string; name?: string; config: string[]; initialState?: CreateConnectorRequest['initial_state'] }) => {
      const fromFile = opts.configFile ? await readConfigFile(opts.configFile) : { config: {} };
      const name = opts.name ?? fromFile.name;
      if (!name) throw new Error('the connector needs a name: give --name, or a name in the config file');
      const request: CreateConnectorRequest = { ...fromFile, name, config: { ...fromFile.config, ...parsePairs(opts.config) } };
      // --name renames the file's connector; a config naming another one would be refused.
      if (opts.name && request.config.name !== undefined) request.config.name = name;
      if (opts.initialState) request.initial_state = opts.initialState;
      const info = await new ConnectClient(opts.url).create(request);
      show(opts, info, () => print(`Created connector ${info.name}.`));
    });

  command('update <name>', 'replace a connector\'s config from a file (PUT), or change single entries (PATCH)')
    .option('--config-file <file>', 'JSON file with the whole new config (flat, or {name, config})')
    .option('--config <key=value>', 'set one entry (repeatable)', collect, [])
    .option('--unset <key>', 'remove one entry (repeatable)', collect, [])
    .action(async (name: string, opts: CommonOptions & { configFile?: string; config: string[]; unset: string[] }) => {
      const client = new ConnectClient(opts.url);
      const pairs = parsePairs(opts.config);
      if (opts.configFile) {
        if (opts.unset.length) throw new Error('--unset applies to single-entry changes; leave the key out of the --config-file instead');
        const { config } = await readConfigFile(opts.configFile);
        const { created, info } = await client.putConfig(name, { ...config, ...pairs });
        return show(opts, info, () => print(`${created ? 'Created' : 'Updated'} connector ${name}.`));
      }
      if (!opts.config.length && !opts.unset.length) throw new Error('nothing to update: give --config-file, --config key=value or --unset key');
      const patch: Record<string, string | null> = { ...pairs, ...Object.fromEntries(opts.unset.map((k) => [k, null])) };
      const info = await client.patchConfig(name, patch);
      show(opts, info, () => print(`Updated connector ${name}.`));
    });

  command('delete <name>', 'delete a connector').action(async (name: string, opts: CommonOptions) => {
    await new ConnectClient(opts.url).delete(name);
    show(opts, { deleted: name }, () => print(`Deleted connector ${name}.`));
  });

  command('status <name>', 'show the state of a connector and its tasks').action(async (name: string, opts: CommonOptions) => {
    const status = await new ConnectClient(opts.url).status(name);
    show(opts, status, () => printStatus(status, print));
  });

  for (const [verb, done] of [
    ['pause', 'Pause requested for'],
    ['resume', 'Resume requested for'],
    ['stop', 'Stopped'],
  ] as const) {
    command(`${verb} <name>`, `${verb} a connector and its tasks`).action(async (name: string, opts: CommonOptions) => {
      await new ConnectClient(opts.url)[verb](name);
      show(opts, { [verb]: name }, () => print(`${done} connector ${name}.`));
    });
  }

  command('restart <name>', 'restart a connector, some of its tasks, or one task')
    .option('--include-tasks', 'also restart its tasks', false)
    .option('--only-failed', 'restart only what has FAILED', false)
    .option('--task <id>', 'restart only this task', (v) => {
      if (!/^\d+$/.test(v)) throw new Error(`--task expects a task number, got '${v}'`);
      return Number(v);
    })
    .action(async (name: string, opts: CommonOptions & { includeTasks: boolean; onlyFailed: boolean; task?: number }) => {
      const client = new ConnectClient(opts.url);
      if (opts.task !== undefined) {
        await client.restartTask(name, opts.task);
        return show(opts, { restarted: { connector: name, task: opts.task } }, () => print(`Restarted task ${opts.task} of connector ${name}.`));
      }
      const plan = await client.restart(name, { includeTasks: opts.includeTasks, onlyFailed: opts.onlyFailed });
      if (plan === null) return show(opts, { restarted: { connector: name } }, () => print(`Restarted connector ${name}.`));
      show(opts, plan, () => printStatus(plan, print));
    });

  command('offsets <name>', "show a connector's offsets, or alter or reset them (the connector must be stopped)")
    .option('--alter-file <file>', 'JSON file {"offsets":[{"partition":{...},"offset":{...}|null}]} to write')
    .option('--reset', 'remove all of its offsets', false)
    .action(async (name: string, opts: CommonOptions & { alterFile?: string; reset: boolean }) => {
      const client = new ConnectClient(opts.url);
      if (opts.alterFile && opts.reset) throw new Error('give either --alter-file or --reset, not both');
      if (opts.reset || opts.alterFile) {
        const answer = opts.reset ? await client.resetOffsets(name) : await client.alterOffsets(name, (await readJsonFile(opts.alterFile!)) as ConnectorOffsets);
        return show(opts, answer, () => print(answer.message));
      }
      const offsets = await client.offsets(name);
      show(opts, offsets, () => printOffsets(offsets, print));
    });

  return connectors;
}
