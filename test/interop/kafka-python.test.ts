// Interop with kafka-python 2.0.2 (Debian python3-kafka), against the real broker process.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokerProcess, type BrokerProcess } from '../support/broker-process.ts';
import { runCommand } from '../support/run-command.ts';
import { storedCodecs } from '../support/stored-batches.ts';

const SCRIPT = resolve(import.meta.dirname, 'python/kafka_python_roundtrip.py');
// Debian's python3-kafka imports only under the system interpreter.
const PYTHON = '/usr/bin/python3';

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBrokerProcess();
});

afterAll(async () => {
  await broker?.stop();
  broker?.cleanup();
});

describe('kafka-python 2.0.2', () => {
  for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
    it(`round-trips keyed/unkeyed records with headers byte-identical (${codec})`, async () => {
      const count = 60;
      const res = await runCommand(PYTHON, [SCRIPT, broker.bootstrap, `kafka-python-${codec}`, codec, String(count)], { timeoutMs: 60_000 });
      expect(res.code, res.stderr).toBe(0);
      const { sent, received } = JSON.parse(res.stdout.toString()) as {
        sent: { key: string | null; value: string; headers: string[][] }[];
        received: { offset: number; key: string | null; value: string; headers: string[][] }[];
      };
      expect(received.map((r) => r.offset)).toEqual(Array.from({ length: count }, (_, i) => i));
      expect(received.map(({ key, value, headers }) => ({ key, value, headers }))).toEqual(sent);
      expect(storedCodecs(broker.dataDir, `kafka-python-${codec}`)).toEqual([codec]);
    });
  }
});
