/**
 * Kafka Connect's REST contract, as a suite that can be pointed at any running worker:
 * paths, status codes, headers and body shapes a Connect client relies on. Every answer
 * is also checked against schemas/rest/responses.json. State changes are awaited
 * (`eventually`), so the same suite passes against a test double that changes state at
 * once and a real cluster that gets there after a rebalance.
 *
 * Connectors are named `contract-<run>-<n>` and deleted afterwards, so the suite can run
 * against a worker that already has other connectors.
 */
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import responses from '../../schemas/rest/responses.json' with { type: 'json' };
import { eventually as retryUntil } from './eventually.ts';

export interface RestContractHelpers {
  /** Config (without "name") of a source connector the worker can run. */
  sourceConfig(): Record<string, string>;
  /** Class of that source connector's plugin, as GET /connector-plugins lists it. */
  sourcePlugin: string;
  /** A config of the source plugin with exactly one bad field, and that field's name. */
  invalidSourceConfig(): { config: Record<string, string>; field: string };
  /** A source partition and offset the source connector accepts in PATCH /offsets. */
  sourceOffset: { partition: Record<string, unknown>; offset: Record<string, unknown> };
  /** Makes a running task FAILED. Only test doubles can; the tests that need it are skipped without it. */
  failTask?(connector: string, task: number): Promise<void>;
  /** Longest wait for an asynchronous state change; default 30 s. */
  settleTimeoutMs?: number;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

type ResponseShape = keyof typeof responses.$defs;

const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
ajv.addSchema(responses);

function expectShape(body: unknown, shape: ResponseShape): void {
  const validate = ajv.getSchema(`${responses.$id}#/$defs/${shape}`)!;
  const ok = validate(body);
  expect(ok, `${shape}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body)}`).toBe(true);
}

function expectError(answer: Answer, status: number, messagePattern?: RegExp): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expectShape(answer.body, 'errorMessage');
  expect(answer.body.error_code).toBe(status);
  if (messagePattern) expect(answer.body.message).toMatch(messagePattern);
}

const nameOf = (() => {
  const run = Math.random().toString(36).slice(2, 8);
  let n = 0;
  return (label: string) => `contract-${run}-${label}-${++n}`;
})();

export function restContractSuite(getBaseUrl: () => string, helpers: RestContractHelpers): void {
  const created = new Set<string>();
  const settleMs = helpers.settleTimeoutMs ?? 30_000;

  async function call(method: string, path: string, body?: unknown, options: { contentType?: string; raw?: string } = {}): Promise<Answer> {
    const payload = options.raw ?? (body === undefined ? undefined : JSON.stringify(body));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const response = await fetch(`${getBaseUrl()}${path}`, { method, headers, body: payload });
    const text = await response.text();
    let parsed: unknown;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
  }

  const eventually = (check: () => Promise<void>): Promise<void> => retryUntil(check, settleMs, 200);

  const path = (name: string, rest = '') => `/connectors/${encodeURIComponent(name)}${rest}`;

  async function createSource(label: string, extra: Record<string, unknown> = {}): Promise<{ name: string; answer: Answer }> {
    const name = nameOf(label);
    const answer = await call('POST', '/connectors', { name, config: helpers.sourceConfig(), ...extra });
    expect(answer.status, answer.text).toBe(201);
    created.add(name);
    return { name, answer };
  }

  async function status(name: string): Promise<any> {
    const answer = await call('GET', path(name, '/status'));
    expect(answer.status, answer.text).toBe(200);
    expectShape(answer.body, 'connectorStateInfo');
    return answer.body;
  }

  async function awaitState(name: string, connectorState: string, taskState?: string): Promise<any> {
    let last: any;
    await eventually(async () => {
      last = await status(name);
      expect(last.connector.state).toBe(connectorState);
      if (taskState === undefined) expect(last.tasks).toEqual([]);
      else {
        expect(last.tasks.length).toBeGreaterThan(0);
        for (const t of last.tasks) expect(t.state).toBe(taskState);
      }
    });
    return last;
  }

  describe('Kafka Connect REST contract', () => {
    afterAll(async () => {
      for (const name of created) await call('DELETE', path(name)).catch(() => undefined);
    });

    describe('GET /', () => {
      it('answers version, commit and Kafka cluster id', async () => {
        const answer = await call('GET', '/');
        expect(answer.status).toBe(200);
        expectShape(answer.body, 'serverInfo');
        expect(answer.body.kafka_cluster_id).not.toBe('');
      });
    });

    describe('creating connectors', () => {
      it('POST /connectors answers 201, a Location that resolves and the ConnectorInfo', async () => {
        const { name, answer } = await createSource('create');
        expectShape(answer.body, 'connectorInfo');
        expect(answer.body.name).toBe(name);
        expect(answer.body.type).toBe('source');
        expect(answer.body.config).toEqual({ ...helpers.sourceConfig(), name });
        for (const t of answer.body.tasks) expect(t.connector).toBe(name);
        const location = answer.headers.get('location')!;
        expect(location).toMatch(/^https?:\/\/[^/]+\/connectors\//);
        expect(new URL(location).pathname).toBe(path(name));
        const followed = await fetch(location);
        expect(followed.status).toBe(200);
        expect(((await followed.json()) as { name: string }).name).toBe(name);
      });

      it('accepts numbers and booleans as config values and stores their text', async () => {
        const name = nameOf('scalars');
        const answer = await call('POST', '/connectors', { name, config: { ...helpers.sourceConfig(), 'tasks.max': 1, 'errors.log.enable': false } });
        expect(answer.status, answer.text).toBe(201);
        created.add(name);
        expect(answer.body.config['tasks.max']).toBe('1');
        expect(answer.body.config['errors.log.enable']).toBe('false');
      });

      it('answers 409 for a name that exists', async () => {
        const { name } = await createSource('dup');
        const again = await call('POST', '/connectors', { name, config: helpers.sourceConfig() });
        expectError(again, 409, new RegExp(name));
      });

      it('trims whitespace around the name', async () => {
        const name = nameOf('trim');
        const answer = await call('POST', '/connectors', { name: `  ${name}\t`, config: helpers.sourceConfig() });
        expect(answer.status, answer.text).toBe(201);
        created.add(name);
        expect(answer.body.name).toBe(name);
        expect(answer.body.config.name).toBe(name);
      });

      it('answers 400 when config.name names another connector', async () => {
        const name = nameOf('mismatch');
        const answer = await call('POST', '/connectors', { name, config: { ...helpers.sourceConfig(), name: `${name}-other` } });
        expectError(answer, 400, new RegExp(`${name}-other`));
        expect((await call('GET', path(name))).status).toBe(404);
      });

      it('answers 400 for an empty name or one with control characters', async () => {
        expectError(await call('POST', '/connectors', { name: '   ', config: helpers.sourceConfig() }), 400, /name/);
        expectError(await call('POST', '/connectors', { name: 'bad\u0001name', config: helpers.sourceConfig() }), 400, /name/);
      });

      it('answers 400 naming the bad field for an invalid config', async () => {
        const { config, field } = helpers.invalidSourceConfig();
        const name = nameOf('invalid');
        const answer = await call('POST', '/connectors', { name, config });
        expectError(answer, 400, new RegExp(field.replaceAll('.', '\\.')));
        expect((await call('GET', path(name))).status).toBe(404);
      });

      it('answers 400 JSON for a malformed, incomplete or unexpected body', async () => {
        expectError(await call('POST', '/connectors', undefined, { raw: '{"name": "x", ' }), 400);
        expectError(await call('POST', '/connectors', { name: nameOf('noconfig') }), 400, /config/);
        expectError(await call('POST', '/connectors', { name: nameOf('nested'), config: { nested: { a: 1 } } }), 400);
        expectError(await call('POST', '/connectors', { name: nameOf('extra'), config: helpers.sourceConfig(), surprise: true }), 400, /surprise/);
        expectError(await call('POST', '/connectors', { name: nameOf('state'), config: helpers.sourceConfig(), initial_state: 'SLEEPING' }), 400, /initial_state/);
      });

      it('answers 415 for a content type other than JSON', async () => {
        expectError(await call('POST', '/connectors', undefined, { raw: 'name: x', contentType: 'text/yaml' }), 415);
      });

      it('reads a JSON body sent as curl -d sends it (form content type), so the quick start works', async () => {
        const name = nameOf('curl');
        const created = await call('POST', '/connectors', undefined, { raw: JSON.stringify({ name, config: helpers.sourceConfig() }), contentType: 'application/x-www-form-urlencoded' });
        expect(created.status).toBe(201);
        expect(created.body.name).toBe(name);
        // Not JSON under a form content type is still a 400, not a silent misreading.
        expectError(await call('POST', '/connectors', undefined, { raw: 'name=x', contentType: 'application/x-www-form-urlencoded' }), 400);
      });

      it('starts in initial_state PAUSED or STOPPED when asked', async () => {
        const paused = await createSource('paused', { initial_state: 'PAUSED' });
        await awaitState(paused.name, 'PAUSED', 'PAUSED');
        const stopped = await createSource('stopped', { initial_state: 'stopped' });
        await awaitState(stopped.name, 'STOPPED');
      });
    });

    describe('listing connectors', () => {
      it('GET /connectors lists names; expand=status and expand=info map names to details', async () => {
        const { name } = await createSource('list');
        await awaitState(name, 'RUNNING', 'RUNNING');

        const names = await call('GET', '/connectors');
        expect(names.status).toBe(200);
        expect(Array.isArray(names.body)).toBe(true);
        expect(names.body).toContain(name);

        const withStatus = await call('GET', '/connectors?expand=status');
        expect(Object.keys(withStatus.body[name])).toEqual(['status']);
        expectShape(withStatus.body[name].status, 'connectorStateInfo');

        const withInfo = await call('GET', '/connectors?expand=info');
        expect(Object.keys(withInfo.body[name])).toEqual(['info']);
        expectShape(withInfo.body[name].info, 'connectorInfo');
        expect(withInfo.body[name].info.name).toBe(name);

        const both = await call('GET', '/connectors?expand=status&expand=info');
        expect(Object.keys(both.body[name]).sort()).toEqual(['info', 'status']);
        expect(both.body[name].status.name).toBe(name);
      });

      it('accepts a trailing slash', async () => {
        const answer = await call('GET', '/connectors/');
        expect(answer.status).toBe(200);
        expect(Array.isArray(answer.body)).toBe(true);
      });
    });

    describe('one connector', () => {
      it('GET /connectors/{c} and /config answer its info and config', async () => {
        const { name } = await createSource('get');
        const info = await call('GET', path(name));
        expect(info.status).toBe(200);
        expectShape(info.body, 'connectorInfo');
        const config = await call('GET', path(name, '/config'));
        expect(config.status).toBe(200);
        expect(config.body).toEqual({ ...helpers.sourceConfig(), name });
      });

      it('answers 404 with Connect\'s body for a connector that does not exist', async () => {
        const name = nameOf('missing');
        for (const [method, rest] of [
          ['GET', ''],
          ['GET', '/config'],
          ['GET', '/status'],
          ['GET', '/tasks'],
          ['PUT', '/pause'],
          ['PUT', '/resume'],
          ['PUT', '/stop'],
          ['POST', '/restart'],
          ['DELETE', ''],
          ['GET', '/offsets'],
          ['GET', '/topics'],
        ] as const) {
          const answer = await call(method, path(name, rest));
          expectError(answer, 404);
          expect(answer.body, `${method} ${rest}`).toEqual({ error_code: 404, message: `Connector ${name} not found` });
        }
        expectError(await call('PATCH', path(name, '/config'), { a: 'b' }), 404);
      });

      it('serves names that need URL encoding', async () => {
        const name = `${nameOf('enc')} with spaces/and slash`;
        const answer = await call('POST', '/connectors', { name, config: helpers.sourceConfig() });
        expect(answer.status, answer.text).toBe(201);
        created.add(name);
        const info = await call('GET', path(name));
        expect(info.status, info.text).toBe(200);
        expect(info.body.name).toBe(name);
      });
    });

    describe('PUT /connectors/{c}/config', () => {
      it('answers 201 with Location when it creates, 200 when it updates', async () => {
        const name = nameOf('put');
        const first = await call('PUT', path(name, '/config'), helpers.sourceConfig());
        expect(first.status, first.text).toBe(201);
        created.add(name);
        expect(new URL(first.headers.get('location')!).pathname).toBe(path(name));
        expectShape(first.body, 'connectorInfo');
        expect(first.body.config.name).toBe(name);

        const second = await call('PUT', path(name, '/config'), { ...helpers.sourceConfig(), 'tasks.max': '1' });
        expect(second.status, second.text).toBe(200);
        expect(second.headers.get('location')).toBeNull();
        expectShape(second.body, 'connectorInfo');
        expect(second.body.config['tasks.max']).toBe('1');
      });

      it('answers 400 when the config names another connector, or is invalid', async () => {
        const name = nameOf('putbad');
        expectError(await call('PUT', path(name, '/config'), { ...helpers.sourceConfig(), name: 'someone-else' }), 400, /someone-else/);
        const { config, field } = helpers.invalidSourceConfig();
        expectError(await call('PUT', path(name, '/config'), config), 400, new RegExp(field.replaceAll('.', '\\.')));
        expectError(await call('PUT', path(name, '/config'), ['not', 'a', 'map']), 400);
      });
    });

    describe('PATCH /connectors/{c}/config', () => {
      it('sets given keys, removes keys given as null and keeps the rest', async () => {
        const { name } = await createSource('patch', {});
        const answer = await call('PATCH', path(name, '/config'), { 'sluice.contract.added': 'yes', 'tasks.max': null });
        expect(answer.status, answer.text).toBe(200);
        expectShape(answer.body, 'connectorInfo');
        const expected: Record<string, string> = { ...helpers.sourceConfig(), name, 'sluice.contract.added': 'yes' };
        delete expected['tasks.max'];
        expect(answer.body.config).toEqual(expected);
        expect((await call('GET', path(name, '/config'))).body).toEqual(expected);
      });
    });

    describe('status and tasks', () => {
      it('GET status, tasks and one task\'s status answer Connect\'s shapes', async () => {
        const { name } = await createSource('status');
        const s = await awaitState(name, 'RUNNING', 'RUNNING');
        expect(s.name).toBe(name);
        expect(s.type).toBe('source');

        const tasks = await call('GET', path(name, '/tasks'));
        expect(tasks.status).toBe(200);
        expect(tasks.body.length).toBe(s.tasks.length);
        for (const t of tasks.body) {
          expectShape(t, 'taskInfo');
          expect(t.id.connector).toBe(name);
        }

        const task = await call('GET', path(name, '/tasks/0/status'));
        expect(task.status).toBe(200);
        expectShape(task.body, 'taskState');
        expect(task.body.id).toBe(0);

        expectError(await call('GET', path(name, '/tasks/999/status')), 404);
        expectError(await call('GET', path(name, '/tasks/zero/status')), 404);
      });
    });

    describe('pause, resume, stop', () => {
      it('pause and resume answer 202 with no body; stop answers 204', async () => {
        const { name } = await createSource('lifecycle');
        await awaitState(name, 'RUNNING', 'RUNNING');

        const pause = await call('PUT', path(name, '/pause'));
        expect(pause.status).toBe(202);
        expect(pause.text).toBe('');
        await awaitState(name, 'PAUSED', 'PAUSED');

        const resume = await call('PUT', path(name, '/resume'));
        expect(resume.status).toBe(202);
        expect(resume.text).toBe('');
        await awaitState(name, 'RUNNING', 'RUNNING');

        const stop = await call('PUT', path(name, '/stop'));
        expect(stop.status).toBe(204);
        expect(stop.text).toBe('');
        await awaitState(name, 'STOPPED');
        await eventually(async () => expect((await call('GET', path(name, '/tasks'))).body).toEqual([]));

        expect((await call('PUT', path(name, '/resume'))).status).toBe(202);
        await awaitState(name, 'RUNNING', 'RUNNING');
      });
    });

    describe('restarts', () => {
      it('POST restart alone answers 204; with includeTasks 202 and the restart plan', async () => {
        const { name } = await createSource('restart');
        await awaitState(name, 'RUNNING', 'RUNNING');

        const plain = await call('POST', path(name, '/restart'));
        expect(plain.status).toBe(204);
        expect(plain.text).toBe('');

        const explicit = await call('POST', path(name, '/restart?includeTasks=false&onlyFailed=false'));
        expect(explicit.status).toBe(204);

        const withTasks = await call('POST', path(name, '/restart?includeTasks=true'));
        expect(withTasks.status, withTasks.text).toBe(202);
        expectShape(withTasks.body, 'connectorStateInfo');
        expect(withTasks.body.connector.state).toBe('RESTARTING');
        for (const t of withTasks.body.tasks) expect(t.state).toBe('RESTARTING');
        await awaitState(name, 'RUNNING', 'RUNNING');

        const onlyFailed = await call('POST', path(name, '/restart?includeTasks=true&onlyFailed=true'));
        expect(onlyFailed.status).toBe(202);
        expect(onlyFailed.body.connector.state).toBe('RUNNING');
        for (const t of onlyFailed.body.tasks) expect(t.state).toBe('RUNNING');
      });

      // Registered only where the harness can fail a task on purpose (the REST layer's own suite).
      if (helpers.failTask) it('onlyFailed restarts only the failed task', async () => {
        const { name } = await createSource('failed', {});
        const before = await awaitState(name, 'RUNNING', 'RUNNING');
        await helpers.failTask!(name, 0);
        await eventually(async () => expect((await status(name)).tasks[0].state).toBe('FAILED'));
        const failed = await status(name);
        expect(failed.tasks[0].trace).toEqual(expect.any(String));

        const answer = await call('POST', path(name, '/restart?includeTasks=true&onlyFailed=true'));
        expect(answer.status).toBe(202);
        expect(answer.body.connector.state).toBe('RUNNING');
        expect(answer.body.tasks[0].state).toBe('RESTARTING');
        for (const t of answer.body.tasks.slice(1)) expect(t.state).toBe('RUNNING');
        await awaitState(name, 'RUNNING', 'RUNNING');
        expect((await status(name)).tasks.length).toBe(before.tasks.length);
      });

      it('POST tasks/{t}/restart answers 204, 404 for a task that does not exist', async () => {
        const { name } = await createSource('taskrestart');
        await awaitState(name, 'RUNNING', 'RUNNING');
        const answer = await call('POST', path(name, '/tasks/0/restart'));
        expect(answer.status).toBe(204);
        expect(answer.text).toBe('');
        expectError(await call('POST', path(name, '/tasks/999/restart')), 404);
      });
    });

    describe('DELETE /connectors/{c}', () => {
      it('answers 204, then the connector is gone', async () => {
        const { name } = await createSource('delete');
        const answer = await call('DELETE', path(name));
        expect(answer.status).toBe(204);
        expect(answer.text).toBe('');
        created.delete(name);
        await eventually(async () => expectError(await call('GET', path(name)), 404));
        expect((await call('GET', '/connectors')).body).not.toContain(name);
      });
    });

    describe('active topics', () => {
      it('GET topics answers {"<c>": {"topics": [...]}}; PUT topics/reset answers 202', async () => {
        const { name } = await createSource('topics');
        const answer = await call('GET', path(name, '/topics'));
        expect(answer.status).toBe(200);
        expectShape(answer.body, 'activeTopics');
        expect(Object.keys(answer.body)).toEqual([name]);

        await call('PUT', path(name, '/stop'));
        const reset = await call('PUT', path(name, '/topics/reset'));
        expect(reset.status).toBe(202);
        expect(reset.text).toBe('');
        await eventually(async () => expect((await call('GET', path(name, '/topics'))).body).toEqual({ [name]: { topics: [] } }));
      });
    });

    describe('offsets', () => {
      it('GET offsets answers {offsets: [...]}; PATCH and DELETE need the connector STOPPED', async () => {
        const { name } = await createSource('offsets');
        await awaitState(name, 'RUNNING', 'RUNNING');
        const initial = await call('GET', path(name, '/offsets'));
        expect(initial.status).toBe(200);
        expectShape(initial.body, 'connectorOffsets');

        const body = { offsets: [helpers.sourceOffset] };
        expectError(await call('PATCH', path(name, '/offsets'), body), 400, /STOPPED/);
        expectError(await call('DELETE', path(name, '/offsets')), 400, /STOPPED/);

        expect((await call('PUT', path(name, '/stop'))).status).toBe(204);
        await awaitState(name, 'STOPPED');

        expectError(await call('PATCH', path(name, '/offsets'), { offsets: [] }), 400);
        expectError(await call('PATCH', path(name, '/offsets'), {}), 400);

        const altered = await call('PATCH', path(name, '/offsets'), body);
        expect(altered.status, altered.text).toBe(200);
        expectShape(altered.body, 'message');
        await eventually(async () => {
          const now = await call('GET', path(name, '/offsets'));
          expectShape(now.body, 'connectorOffsets');
          expect(now.body.offsets).toContainEqual(helpers.sourceOffset);
        });

        const reset = await call('DELETE', path(name, '/offsets'));
        expect(reset.status, reset.text).toBe(200);
        expectShape(reset.body, 'message');
        await eventually(async () => expect((await call('GET', path(name, '/offsets'))).body).toEqual({ offsets: [] }));
      });
    });

    describe('connector plugins', () => {
      it('GET /connector-plugins lists connectors only, unless connectorsOnly=false', async () => {
        const answer = await call('GET', '/connector-plugins');
        expect(answer.status).toBe(200);
        for (const p of answer.body) {
          expectShape(p, 'pluginInfo');
          expect(['source', 'sink']).toContain(p.type);
        }
        expect(answer.body.map((p: { class: string }) => p.class)).toContain(helpers.sourcePlugin);

        const all = await call('GET', '/connector-plugins?connectorsOnly=false');
        expect(all.status).toBe(200);
        for (const p of all.body) expectShape(p, 'pluginInfo');
        expect(all.body.length).toBeGreaterThanOrEqual(answer.body.length);
        expect(all.body).toEqual(expect.arrayContaining(answer.body));
      });

      it('GET /connector-plugins/{p}/config lists config definitions; 404 for an unknown plugin', async () => {
        const answer = await call('GET', `/connector-plugins/${encodeURIComponent(helpers.sourcePlugin)}/config`);
        expect(answer.status).toBe(200);
        expect(answer.body.length).toBeGreaterThan(0);
        for (const k of answer.body) expectShape(k, 'configKeyInfo');
        expectError(await call('GET', '/connector-plugins/org.example.NoSuchConnector/config'), 404);
      });

      it('PUT /connector-plugins/{p}/config/validate answers ConfigInfos, with errors per field', async () => {
        const url = `/connector-plugins/${encodeURIComponent(helpers.sourcePlugin)}/config/validate`;
        const good = await call('PUT', url, { ...helpers.sourceConfig(), name: nameOf('validate') });
        expect(good.status, good.text).toBe(200);
        expectShape(good.body, 'configInfos');
        expect(good.body.error_count).toBe(0);
        expect(good.body.configs.length).toBeGreaterThan(0);

        const { config, field } = helpers.invalidSourceConfig();
        const bad = await call('PUT', url, { ...config, name: nameOf('validate') });
        expect(bad.status, bad.text).toBe(200);
        expectShape(bad.body, 'configInfos');
        expect(bad.body.error_count).toBeGreaterThan(0);
        const entry = bad.body.configs.find((c: { value: { name: string } }) => c.value.name === field);
        expect(entry?.value.errors.length).toBeGreaterThan(0);

        const mismatch = await call('PUT', url, { ...helpers.sourceConfig(), 'connector.class': 'org.example.SomethingElseConnector' });
        expectError(mismatch, 400, /SomethingElse/);
      });
    });

    describe('admin/loggers', () => {
      const logger = `sluice.contract.${Math.random().toString(36).slice(2, 8)}`;

      it('GET /admin/loggers maps logger names to {level, last_modified}', async () => {
        const answer = await call('GET', '/admin/loggers');
        expect(answer.status).toBe(200);
        expect(answer.body.root).toBeDefined();
        for (const level of Object.values(answer.body)) expectShape(level, 'loggerLevel');
      });

      it('PUT /admin/loggers/{l} sets a level, answers the loggers it changed; GET reads it back', async () => {
        const before = Date.now();
        const answer = await call('PUT', `/admin/loggers/${logger}`, { level: 'debug' });
        expect(answer.status, answer.text).toBe(200);
        expect(answer.body).toContain(logger);

        const read = await call('GET', `/admin/loggers/${logger}`);
        expect(read.status).toBe(200);
        expectShape(read.body, 'loggerLevel');
        expect(read.body.level).toBe('DEBUG');
        expect(read.body.last_modified).toBeGreaterThanOrEqual(before - 60_000);

        expect((await call('GET', '/admin/loggers')).body[logger].level).toBe('DEBUG');
        const again = await call('PUT', `/admin/loggers/${logger}`, { level: 'INFO' });
        expect(again.body).toEqual([logger]);
      });

      it('answers 404 for an unknown logger or level name, 400 without a level', async () => {
        expectError(await call('GET', `/admin/loggers/${logger}.never.created`), 404);
        expectError(await call('PUT', `/admin/loggers/${logger}`, { level: 'LOUD' }), 404, /LOUD/);
        expectError(await call('PUT', `/admin/loggers/${logger}`, {}), 400, /level/);
      });
    });

    describe('HTTP errors', () => {
      it('answers JSON 404 for an unknown path and 405 for a method a path does not serve', async () => {
        expectError(await call('GET', '/no/such/endpoint'), 404);
        const wrongMethod = await call('DELETE', '/connectors');
        expectError(wrongMethod, 405);
        expectError(await call('POST', path(nameOf('x'), '/pause')), 405);
      });
    });
  });
}
