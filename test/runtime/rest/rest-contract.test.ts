// Kafka Connect's REST contract (test/support/rest-contract-suite.ts) against the REST layer over the in-memory herder.
import { afterAll, beforeAll } from 'vitest';
import { restContractSuite } from '../../support/rest-contract-suite.ts';
import { MOCK_SOURCE } from './mock-plugins.ts';
import { startRestFixture, type RestFixture } from './rest-server-fixture.ts';

let fixture: RestFixture;

beforeAll(async () => {
  fixture = await startRestFixture();
});

afterAll(async () => {
  await fixture?.server.close();
});

restContractSuite(() => fixture.server.url, {
  sourcePlugin: MOCK_SOURCE,
  sourceConfig: () => ({ 'connector.class': MOCK_SOURCE, 'tasks.max': '2', topic: 'contract-topic' }),
  invalidSourceConfig: () => ({ config: { 'connector.class': MOCK_SOURCE, 'tasks.max': 'many', topic: 'contract-topic' }, field: 'tasks.max' }),
  sourceOffset: { partition: { file: '/tmp/contract.txt' }, offset: { position: 42 } },
  failTask: async (connector, task) => fixture.herder.failTask(connector, task),
  settleTimeoutMs: 2_000,
});
