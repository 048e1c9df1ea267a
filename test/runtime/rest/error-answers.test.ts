// How the REST layer answers herder failures and HTTP-level mistakes: always Connect's {error_code, message}.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeError, RuntimeErrors } from '../../../runtime/errors.ts';
import type { Herder } from '../../../runtime/herder/herder.ts';
import { buildRestApp } from '../../../runtime/rest/rest-server.ts';
import { InMemoryHerder } from './in-memory-herder.ts';
import { MOCK_SOURCE } from './mock-plugins.ts';

/** The in-memory herder, with one method replaced. */
function herderWith(method: keyof Herder, impl: (...args: unknown[]) => Promise<unknown>): Herder {
  const herder = new InMemoryHerder();
  return new Proxy(herder, {
    get(target, property) {
      if (property === method) return impl;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const silent = pino({ level: 'silent' });
const json = { 'content-type': 'application/json' };

describe('REST error answers', () => {
  it('answers 409 while a rebalance is in progress, with the herder\'s reason', async () => {
    const app = buildRestApp({
      herder: herderWith('putConnectorConfig', async () => {
        throw new RuntimeError(RuntimeErrors.REBALANCE_IN_PROGRESS, 'Cannot complete the request right now: a rebalance is in progress; retry shortly');
      }),
      logger: silent,
    });
    const r = await app.inject({ method: 'PUT', url: '/connectors/c/config', headers: json, payload: { 'connector.class': MOCK_SOURCE, topic: 't' } });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toEqual({ error_code: 409, message: 'Cannot complete the request right now: a rebalance is in progress; retry shortly' });
  });

  it('lists per-field config errors in the message, one per line', async () => {
    const app = buildRestApp({ herder: new InMemoryHerder(), logger: silent });
    const r = await app.inject({ method: 'POST', url: '/connectors', headers: json, payload: { name: 'c', config: { 'connector.class': MOCK_SOURCE, 'tasks.max': '0' } } });
    expect(r.statusCode).toBe(400);
    const { message } = r.json() as { message: string };
    expect(message.split('\n')).toEqual([
      'Connector configuration is invalid and contains 2 error(s)',
      "tasks.max: '0' is not a whole number of at least 1",
      'topic: "topic" is required and has no default value',
    ]);
  });

  it('answers 500 "Request timed out" when the herder does not answer in time', async () => {
    const app = buildRestApp({ herder: herderWith('connectors', () => new Promise(() => {})), logger: silent, requestTimeoutMs: 50 });
    const r = await app.inject({ method: 'GET', url: '/connectors' });
    expect(r.statusCode).toBe(500);
    expect(r.json()).toEqual({ error_code: 500, message: 'Request timed out' });
  });

  it('answers 500 with the message of an unexpected error', async () => {
    const app = buildRestApp({
      herder: herderWith('connectors', async () => {
        throw new TypeError('boom');
      }),
      logger: silent,
    });
    const r = await app.inject({ method: 'GET', url: '/connectors' });
    expect(r.statusCode).toBe(500);
    expect(r.json()).toEqual({ error_code: 500, message: 'boom' });
  });

  it('answers 403 when topic tracking, or its reset, is disabled', async () => {
    const herder = new InMemoryHerder();
    await herder.putConnectorConfig('c', { name: 'c', 'connector.class': MOCK_SOURCE, topic: 't' }, { allowReplace: false });
    const noTracking = buildRestApp({ herder, logger: silent, topicTracking: { enable: false, allowReset: true } });
    expect((await noTracking.inject({ method: 'GET', url: '/connectors/c/topics' })).statusCode).toBe(403);
    expect((await noTracking.inject({ method: 'PUT', url: '/connectors/c/topics/reset' })).statusCode).toBe(403);
    const noReset = buildRestApp({ herder, logger: silent, topicTracking: { enable: true, allowReset: false } });
    expect((await noReset.inject({ method: 'GET', url: '/connectors/c/topics' })).json()).toEqual({ c: { topics: ['t'] } });
    const refused = await noReset.inject({ method: 'PUT', url: '/connectors/c/topics/reset' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ error_code: 403, message: 'Topic tracking reset is disabled (topic.tracking.allow.reset=false)' });
  });

  it('describes every schema violation of a body at once', async () => {
    const app = buildRestApp({ herder: new InMemoryHerder(), logger: silent });
    const r = await app.inject({ method: 'POST', url: '/connectors', headers: json, payload: { config: { a: [] }, other: 1 } });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toEqual({
      error_code: 400,
      message: "Invalid request body: body is missing required field 'name'; body has unknown field 'other'; /config/a must be string,number,boolean",
    });
  });

  it('answers 405 with an Allow header, 404 for unknown paths, 400 for bad JSON and an empty body as no body', async () => {
    const app = buildRestApp({ herder: new InMemoryHerder(), logger: silent });
    const wrong = await app.inject({ method: 'GET', url: '/connectors/c/restart' });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect(wrong.json()).toMatchObject({ error_code: 405 });

    expect((await app.inject({ method: 'GET', url: '/connectorz' })).json()).toEqual({ error_code: 404, message: 'No endpoint GET /connectorz' });

    const bad = await app.inject({ method: 'PUT', url: '/connectors/c/config', headers: json, payload: '{"a":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/^Request body is not valid JSON/);

    const proto = await app.inject({ method: 'PUT', url: '/connectors/c/config', headers: json, payload: '{"__proto__":{"x":"1"}}' });
    expect(proto.statusCode).toBe(400);

    const empty = await app.inject({ method: 'PUT', url: '/connectors/c/config', headers: json, payload: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toBe('Invalid request body: body must be object');
  });

  it('answers PUT /admin/loggers?scope=cluster with 204 and applies the level', async () => {
    const app = buildRestApp({ herder: new InMemoryHerder(), logger: silent });
    const r = await app.inject({ method: 'PUT', url: '/admin/loggers/sluice.x?scope=cluster', headers: json, payload: { level: 'WARN' } });
    expect(r.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/admin/loggers/sluice.x' })).json()).toMatchObject({ level: 'WARN' });
  });
});

describe('GET / against a herder', () => {
  let app: ReturnType<typeof buildRestApp>;
  beforeAll(() => {
    app = buildRestApp({ herder: new InMemoryHerder(), logger: silent, commit: 'abc123' });
  });
  afterAll(() => app.close());

  it('answers the package version, the given commit and the cluster id', async () => {
    const r = await app.inject({ method: 'GET', url: '/' });
    expect(r.json()).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), commit: 'abc123', kafka_cluster_id: 'sluice-in-memory-cluster' });
  });
});
