// Interop with librdkafka 2.0.2 through Debian's kcat, against the real broker process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokerProcess, type BrokerProcess } from '../support/broker-process.ts';
import { runCommand } from '../support/run-command.ts';
import { storedCodecs } from '../support/stored-batches.ts';

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBrokerProcess();
});

afterAll(async () => {
  await broker?.stop();
  broker?.cleanup();
});

interface KcatRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  payload: string | null;
  headers?: string[];
}

async function consumeAll(topic: string, expected: number): Promise<KcatRecord[]> {
  const res = await runCommand('kcat', ['-C', '-b', broker.bootstrap, '-t', topic, '-o', 'beginning', '-e', '-J', '-q', '-c', String(expected)], { timeoutMs: 30_000 });
  expect(res.code, res.stderr).toBe(0);
  return res.stdout
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as KcatRecord);
}

describe('kcat (librdkafka 2.0.2)', () => {
  it('lists broker metadata', async () => {
    const res = await runCommand('kcat', ['-L', '-b', broker.bootstrap, '-J']);
    expect(res.code, res.stderr).toBe(0);
    const meta = JSON.parse(res.stdout.toString());
    expect(meta.brokers).toEqual([{ id: 1, name: broker.bootstrap }]);
  });

  for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
    it(`produces keyed and unkeyed records with headers and reads them back byte-identical (${codec})`, async () => {
      const topic = `kcat-${codec}`;
      const keyed = Array.from({ length: 50 }, (_, i) => `key-${i}\tvalue ${i} ünïcödé ${'x'.repeat(i * 7)}`);
      let res = await runCommand('kcat', ['-P', '-b', broker.bootstrap, '-t', topic, '-z', codec, '-K', '\t', '-H', 'trace=abc', '-H', 'empty='], {
        input: keyed.join('\n') + '\n',
      });
      expect(res.code, res.stderr).toBe(0);
      const unkeyed = Array.from({ length: 30 }, (_, i) => `plain ${i} ${'y'.repeat(i)}`);
      res = await runCommand('kcat', ['-P', '-b', broker.bootstrap, '-t', topic, '-z', codec], { input: unkeyed.join('\n') + '\n' });
      expect(res.code, res.stderr).toBe(0);

      const records = await consumeAll(topic, 80);
      expect(records).toHaveLength(80);
      expect(records.map((r) => r.offset)).toEqual(Array.from({ length: 80 }, (_, i) => i));
      for (let i = 0; i < 50; i++) {
        const [key, value] = keyed[i].split('\t');
        expect(records[i].key).toBe(key);
        expect(records[i].payload).toBe(value);
        expect(records[i].headers).toEqual(['trace', 'abc', 'empty', '']);
      }
      for (let i = 0; i < 30; i++) {
        expect(records[50 + i].key).toBeNull();
        expect(records[50 + i].payload).toBe(unkeyed[i]);
      }
      // The batches on disk carry the codec the client used: the broker stores them as sent.
      // librdkafka leaves a batch uncompressed when compressing would not make it smaller.
      const codecs = storedCodecs(broker.dataDir, topic);
      expect(codecs).toContain(codec);
      expect(codecs.filter((c) => c !== codec && c !== 'none')).toEqual([]);
    });
  }

  it('consumes from the middle of the log and from the end', async () => {
    const topic = 'kcat-offsets';
    const lines = Array.from({ length: 20 }, (_, i) => `m${i}`);
    const res = await runCommand('kcat', ['-P', '-b', broker.bootstrap, '-t', topic], { input: lines.join('\n') + '\n' });
    expect(res.code, res.stderr).toBe(0);
    const mid = await runCommand('kcat', ['-C', '-b', broker.bootstrap, '-t', topic, '-o', '15', '-e', '-q', '-f', '%o:%s\n']);
    expect(mid.stdout.toString().trim().split('\n')).toEqual(['15:m15', '16:m16', '17:m17', '18:m18', '19:m19']);
    const tail = await runCommand('kcat', ['-C', '-b', broker.bootstrap, '-t', topic, '-o', '-2', '-e', '-q', '-f', '%o:%s\n']);
    expect(tail.stdout.toString().trim().split('\n')).toEqual(['18:m18', '19:m19']);
  });
});
