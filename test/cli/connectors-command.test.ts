// `sluice connectors ...` against the REST server over the in-memory herder.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorsCommand } from '../../runtime/cli/connectors-command.ts';
import { MOCK_SINK, MOCK_SOURCE } from '../runtime/rest/mock-plugins.ts';
import { deadUrl, startRestFixture, type RestFixture } from '../runtime/rest/rest-server-fixture.ts';

let fixture: RestFixture;
let dir: string;

beforeAll(async () => {
  fixture = await startRestFixture();
  dir = mkdtempSync(join(tmpdir(), 'sluice-connectors-cli-'));
});

afterAll(async () => {
  await fixture?.server.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `sluice connectors <args> --url <server>` in-process; resolves to its output, rejects with its error. */
async function sluice(...args: string[]): Promise<string> {
  const lines: string[] = [];
  const command = connectorsCommand((line) => lines.push(line)).exitOverride();
  for (const sub of command.commands) sub.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  await command.parseAsync([...args, '--url', fixture.server.url], { from: 'user' });
  return lines.join('\n');
}

const json = async (...args: string[]) => JSON.parse(await sluice(...args, '--json'));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('sluice connectors', () => {
  it('creates from a Connect create body, then lists, gets and shows status', async () => {
    const path = file('orders.json', { name: 'cli-orders', config: { 'connector.class': MOCK_SOURCE, 'tasks.max': 2, topic: 'orders' } });
    expect(await sluice('create', '--config-file', path)).toBe('Created connector cli-orders.');

    const list = await sluice('list');
    expect(list).toMatch(/^NAME\s+TYPE\s+STATE\s+TASKS\s+CLASS$/m);
    expect(list).toMatch(new RegExp(`^cli-orders\\s+source\\s+RUNNING\\s+2/2 running\\s+${MOCK_SOURCE.replaceAll('.', '\\.')}$`, 'm'));
    expect(Object.keys(await json('list'))).toContain('cli-orders');

    const get = await sluice('get', 'cli-orders');
    expect(get).toContain('Connector cli-orders (source)');
    expect(get).toMatch(/^topic\s+orders$/m);
    expect(get).toContain('Tasks: 0, 1');
    expect((await json('get', 'cli-orders')).config['tasks.max']).toBe('2');

    const status = await sluice('status', 'cli-orders');
    expect(status).toContain('Connector cli-orders (source): RUNNING on 127.0.0.1:8083');
    expect(status).toMatch(/^TASK\s+STATE\s+WORKER\s+TRACE$/m);
    expect(status).toMatch(/^1\s+RUNNING\s+127\.0\.0\.1:8083$/m);
  });

  it('creates from a flat config file, or from --name and --config pairs, with an initial state', async () => {
    const flat = file('flat.json', { name: 'cli-flat', 'connector.class': MOCK_SINK, topics: 'a,b' });
    expect((await json('create', '--config-file', flat)).type).toBe('sink');

    const info = await json('create', '--name', 'cli-pairs', '--config', `connector.class=${MOCK_SOURCE}`, '--config', 'topic=x=y', '--initial-state', 'PAUSED');
    expect(info.config).toEqual({ 'connector.class': MOCK_SOURCE, topic: 'x=y', name: 'cli-pairs' });
    expect((await json('status', 'cli-pairs')).connector.state).toBe('PAUSED');

    const renamed = await json('create', '--config-file', flat, '--name', 'cli-flat-copy');
    expect(renamed.name).toBe('cli-flat-copy');
  });

  it('updates single entries with PATCH and whole configs with PUT', async () => {
    await sluice('create', '--name', 'cli-update', '--config', `connector.class=${MOCK_SOURCE}`, '--config', 'topic=t', '--config', 'extra=1');
    expect(await sluice('update', 'cli-update', '--config', 'topic=u', '--unset', 'extra')).toBe('Updated connector cli-update.');
    expect((await json('get', 'cli-update')).config).toEqual({ 'connector.class': MOCK_SOURCE, topic: 'u', name: 'cli-update' });

    const whole = file('whole.json', { 'connector.class': MOCK_SOURCE, topic: 'v', 'tasks.max': '3' });
    expect(await sluice('update', 'cli-update', '--config-file', whole)).toBe('Updated connector cli-update.');
    expect((await json('get', 'cli-update')).tasks).toHaveLength(3);
    expect(await sluice('update', 'cli-update-new', '--config-file', whole)).toBe('Created connector cli-update-new.');
  });

  it('pauses, resumes, stops and restarts', async () => {
    await sluice('create', '--name', 'cli-life', '--config', `connector.class=${MOCK_SOURCE}`, '--config', 'topic=t', '--config', 'tasks.max=2');
    expect(await sluice('pause', 'cli-life')).toBe('Pause requested for connector cli-life.');
    expect((await json('status', 'cli-life')).connector.state).toBe('PAUSED');
    expect(await sluice('resume', 'cli-life')).toBe('Resume requested for connector cli-life.');
    expect(await sluice('restart', 'cli-life')).toBe('Restarted connector cli-life.');
    expect(await sluice('restart', 'cli-life', '--task', '1')).toBe('Restarted task 1 of connector cli-life.');

    fixture.herder.failTask('cli-life', 1, 'java.lang.RuntimeException: boom\n\tat somewhere');
    const failed = await sluice('status', 'cli-life');
    expect(failed).toMatch(/^1\s+FAILED\s+127\.0\.0\.1:8083\s+java\.lang\.RuntimeException: boom$/m);
    const plan = await json('restart', 'cli-life', '--include-tasks', '--only-failed');
    expect(plan.tasks.map((t: { state: string }) => t.state)).toEqual(['RUNNING', 'RESTARTING']);

    expect(await sluice('stop', 'cli-life')).toBe('Stopped connector cli-life.');
    expect(await sluice('status', 'cli-life')).toContain('STOPPED');
  });

  it('shows, alters and resets offsets of a stopped connector', async () => {
    await sluice('create', '--name', 'cli-offsets', '--config', `connector.class=${MOCK_SOURCE}`, '--config', 'topic=t');
    expect(await sluice('offsets', 'cli-offsets')).toBe('No offsets.');
    const alter = file('offsets.json', { offsets: [{ partition: { file: 'a.txt' }, offset: { position: 7 } }] });
    await expect(sluice('offsets', 'cli-offsets', '--alter-file', alter)).rejects.toThrow(/STOPPED.*\(HTTP 400/);

    await sluice('stop', 'cli-offsets');
    expect(await sluice('offsets', 'cli-offsets', '--alter-file', alter)).toMatch(/altered/);
    const shown = await sluice('offsets', 'cli-offsets');
    expect(shown).toMatch(/^PARTITION\s+OFFSET$/m);
    expect(shown).toContain('{"file":"a.txt"}  {"position":7}');
    expect(await json('offsets', 'cli-offsets')).toEqual({ offsets: [{ partition: { file: 'a.txt' }, offset: { position: 7 } }] });
    expect(await sluice('offsets', 'cli-offsets', '--reset')).toMatch(/reset/);
    expect(await sluice('offsets', 'cli-offsets')).toBe('No offsets.');
  });

  it('deletes', async () => {
    await sluice('create', '--name', 'cli-delete', '--config', `connector.class=${MOCK_SOURCE}`, '--config', 'topic=t');
    expect(await sluice('delete', 'cli-delete')).toBe('Deleted connector cli-delete.');
    await expect(sluice('get', 'cli-delete')).rejects.toThrow('Connector cli-delete not found (HTTP 404 from GET /connectors/cli-delete)');
  });

  it('reports the server\'s reason for a refused request', async () => {
    await expect(sluice('create', '--name', 'cli-bad', '--config', `connector.class=${MOCK_SOURCE}`)).rejects.toThrow(/topic.*HTTP 400/s);
    await sluice('create', '--name', 'cli-dup', '--config', `connector.class=${MOCK_SOURCE}`, '--config', 'topic=t');
    await expect(sluice('create', '--name', 'cli-dup', '--config', `connector.class=${MOCK_SOURCE}`, '--config', 'topic=t')).rejects.toThrow(/already exists \(HTTP 409/);
  });

  it('refuses incomplete input before calling the server', async () => {
    await expect(sluice('create', '--config', 'topic=t')).rejects.toThrow(/needs a name/);
    await expect(sluice('create', '--name', 'x', '--config', 'novalue')).rejects.toThrow(/key=value/);
    await expect(sluice('update', 'x')).rejects.toThrow(/nothing to update/);
    await expect(sluice('create', '--config-file', join(dir, 'missing.json'))).rejects.toThrow(/cannot read JSON/);
  });

  it('says which URL it could not reach', async () => {
    const url = await deadUrl();
    const command = connectorsCommand(() => {});
    await expect(command.parseAsync(['list', '--url', url], { from: 'user' })).rejects.toThrow(`cannot reach the Connect REST API at ${url}: ECONNREFUSED`);
  });

  it('lists nothing politely', async () => {
    const empty = await startRestFixture();
    try {
      const lines: string[] = [];
      await connectorsCommand((l) => lines.push(l)).parseAsync(['list', '--url', empty.server.url], { from: 'user' });
      expect(lines).toEqual(['No connectors.']);
    } finally {
      await empty.server.close();
    }
  });
});
