// `sluice topics create|list|describe|delete` against the real broker process.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokerProcess, type BrokerProcess } from '../support/broker-process.ts';
import { runCommand } from '../support/run-command.ts';

const CLI = resolve(import.meta.dirname, '../../runtime/cli/main.ts');
let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBrokerProcess();
});

afterAll(async () => {
  await broker?.stop();
  broker?.cleanup();
});

async function sluice(...args: string[]) {
  const res = await runCommand(process.execPath, [CLI, ...args, '--bootstrap-server', broker.bootstrap], { timeoutMs: 30_000 });
  return { code: res.code, out: res.stdout.toString(), err: res.stderr };
}

describe('sluice topics', () => {
  it('creates, lists, describes and deletes a topic', async () => {
    let r = await sluice('topics', 'create', 'cli-orders', '--partitions', '3', '--config', 'retention.ms=3600000');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Created topic cli-orders');

    r = await sluice('topics', 'list');
    expect(r.out.split('\n')).toContain('cli-orders');

    r = await sluice('topics', 'describe', 'cli-orders', '--json');
    expect(r.code, r.err).toBe(0);
    const described = JSON.parse(r.out);
    expect(described.partitions.map((p: { partition: number; leader: number }) => [p.partition, p.leader])).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
    expect(described.id).toMatch(/^[0-9a-f-]{36}$/);

    r = await sluice('topics', 'describe', 'cli-orders');
    expect(r.out).toMatch(/PARTITION\s+LEADER\s+REPLICAS\s+ISR/);

    r = await sluice('topics', 'delete', 'cli-orders');
    expect(r.code, r.err).toBe(0);
    r = await sluice('topics', 'list');
    expect(r.out.split('\n')).not.toContain('cli-orders');
  });

  it('reports a clear error for a bad topic config and exits non-zero', async () => {
    const r = await sluice('topics', 'create', 'cli-bad', '--config', 'retention.ms=soon');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/retention\.ms/);
  });

  it('refuses a replication factor the single broker cannot satisfy', async () => {
    const r = await sluice('topics', 'create', 'cli-rf', '--replication-factor', '3');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/replication factor 3/);
  });
});
