// Followers replay writes on the leader (at most two hops) and relay the leader's answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeError, RuntimeErrors } from '../../../runtime/errors.ts';
import type { Herder } from '../../../runtime/herder/herder.ts';
import { InMemoryHerder } from './in-memory-herder.ts';
import { MOCK_SOURCE } from './mock-plugins.ts';
import { deadUrl, startRestFixture, type RestFixture } from './rest-server-fixture.ts';

const WRITES = new Set(['putConnectorConfig', 'patchConnectorConfig', 'deleteConnector', 'restartConnector', 'restartTask', 'stopConnector', 'alterConnectorOffsets', 'resetConnectorOffsets']);

/** A follower's herder: reads answer locally, writes throw NOT_LEADER pointing at leaderUrl(). */
function followerHerder(leaderUrl: () => string | undefined): Herder {
  const local = new InMemoryHerder('follower:8083');
  return new Proxy(local, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (!WRITES.has(String(property))) return value.bind(target);
      return async () => {
        throw new RuntimeError(RuntimeErrors.NOT_LEADER, 'this worker is not the leader', { leaderUrl: leaderUrl() });
      };
    },
  });
}

const config = { 'connector.class': MOCK_SOURCE, 'tasks.max': '2', topic: 't' };
const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('forwarding writes to the leader', () => {
  let leader: RestFixture;
  let follower: RestFixture<Herder>;
  let second: RestFixture<Herder>;
  let third: RestFixture<Herder>;
  let leaderUrl: string | undefined;

  beforeAll(async () => {
    leader = await startRestFixture();
    leaderUrl = leader.server.url;
    follower = await startRestFixture(followerHerder(() => leaderUrl));
    // A chain: third -> second -> follower -> leader, as when leadership moved twice.
    second = await startRestFixture(followerHerder(() => follower.server.url));
    third = await startRestFixture(followerHerder(() => second.server.url));
  });

  afterAll(async () => {
    for (const f of [third, second, follower, leader]) await f?.server.close();
  });

  it('replays a create on the leader and answers with the leader\'s status and body, located on the follower', async () => {
    const answer = await post(`${follower.server.url}/connectors`, { name: 'fwd-create', config });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('location')).toBe(`${follower.server.url}/connectors/fwd-create`);
    expect(((await answer.json()) as { name: string }).name).toBe('fwd-create');
    expect(await leader.herder.connectors()).toContain('fwd-create');
  });

  it('relays the leader\'s errors unchanged', async () => {
    const answer = await post(`${follower.server.url}/connectors`, { name: 'fwd-create', config });
    expect(answer.status).toBe(409);
    expect(await answer.json()).toEqual({ error_code: 409, message: 'Connector fwd-create already exists' });
  });

  it('keeps the query string and answers with the leader\'s 202 body', async () => {
    const answer = await fetch(`${follower.server.url}/connectors/fwd-create/restart?includeTasks=true&onlyFailed=false`, { method: 'POST' });
    expect(answer.status).toBe(202);
    const body = (await answer.json()) as { connector: { state: string }; tasks: unknown[] };
    expect(body.connector.state).toBe('RESTARTING');
    expect(body.tasks).toHaveLength(2);
  });

  it('forwards bodyless writes and 204 answers', async () => {
    const answer = await fetch(`${follower.server.url}/connectors/fwd-create/stop`, { method: 'PUT' });
    expect(answer.status).toBe(204);
    expect((await leader.herder.connectorStatus('fwd-create')).connector.state).toBe('STOPPED');
  });

  it('follows a second hop, but not a third', async () => {
    const twoHops = await post(`${second.server.url}/connectors`, { name: 'fwd-two-hops', config });
    expect(twoHops.status).toBe(201);
    expect(twoHops.headers.get('location')).toBe(`${second.server.url}/connectors/fwd-two-hops`);

    const threeHops = await post(`${third.server.url}/connectors`, { name: 'fwd-three-hops', config });
    expect(threeHops.status).toBe(409);
    expect(((await threeHops.json()) as { message: string }).message).toMatch(/rebalance/);
    expect(await leader.herder.connectors()).not.toContain('fwd-three-hops');
  });

  it('answers 409 when no leader is known and 500 when the leader cannot be reached', async () => {
    leaderUrl = undefined;
    const unknown = await post(`${follower.server.url}/connectors`, { name: 'fwd-no-leader', config });
    expect(unknown.status).toBe(409);
    expect(((await unknown.json()) as { error_code: number }).error_code).toBe(409);

    leaderUrl = await deadUrl();
    const unreachable = await post(`${follower.server.url}/connectors`, { name: 'fwd-unreachable', config });
    expect(unreachable.status).toBe(500);
    expect(((await unreachable.json()) as { message: string }).message).toContain(`Could not forward the request to the leader at ${leaderUrl}: connect ECONNREFUSED`);
    leaderUrl = leader.server.url;
  });
});
