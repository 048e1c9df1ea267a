// A broker killed with SIGKILL in the middle of a produce run restarts and serves every
// acknowledged record intact, at the offset it was acknowledged with.
import { afterAll, describe, expect, it } from 'vitest';
import { Producer, type ProduceResult } from '@platformatic/kafka';
import { startBrokerProcess, tempDataDir, type BrokerProcess } from '../../support/broker-process.ts';
import { runCommand } from '../../support/run-command.ts';

const dataDir = tempDataDir();
let broker: BrokerProcess | undefined;

afterAll(async () => {
  await broker?.stop();
  broker?.cleanup();
});

interface Acked {
  offset: bigint;
  value: string;
}

describe('SIGKILL during a produce run', () => {
  it('keeps every acknowledged record after restart', async () => {
    broker = await startBrokerProcess({ dataDir });
    const producer = new Producer({ clientId: 'durability', bootstrapBrokers: [broker.bootstrap], acks: -1, retries: 0, autocreateTopics: true });
    const acked: Acked[] = [];
    let next = 0;
    let stop = false;
    const sender = async () => {
      while (!stop) {
        const values = Array.from({ length: 50 }, () => `record-${next++}-${'p'.repeat(next % 97)}`);
        let result: ProduceResult;
        try {
          result = await producer.send({ messages: values.map((v) => ({ topic: 'durable', partition: 0, value: Buffer.from(v) })) });
        } catch {
          return;
        }
        const base = result.offsets![0].offset;
        values.forEach((value, i) => acked.push({ offset: base + BigInt(i), value }));
      }
    };
    const senders = [sender(), sender(), sender(), sender()];
    await new Promise((r) => setTimeout(r, 1500));
    await broker.kill();
    stop = true;
    await Promise.all(senders);
    await producer.close().catch(() => {});
    expect(acked.length).toBeGreaterThan(1000);

    broker = await startBrokerProcess({ dataDir });
    const res = await runCommand('kcat', ['-C', '-b', broker.bootstrap, '-t', 'durable', '-o', 'beginning', '-e', '-q', '-f', '%o %s\n'], { timeoutMs: 60_000 });
    expect(res.code, res.stderr).toBe(0);
    const stored = new Map<string, string>();
    for (const line of res.stdout.toString().split('\n')) {
      if (!line) continue;
      const space = line.indexOf(' ');
      stored.set(line.slice(0, space), line.slice(space + 1));
    }
    const missing = acked.filter((a) => stored.get(String(a.offset)) !== a.value);
    expect(missing.slice(0, 5)).toEqual([]);
    // Offsets are dense: nothing after recovery is a hole or a duplicate.
    const offsets = [...stored.keys()].map(Number);
    expect(offsets).toEqual(offsets.map((_, i) => i));
  });
});
