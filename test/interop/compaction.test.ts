// Log compaction in the real broker process: updates produced with kcat (librdkafka), plain and with
// -z lz4, and lz4-compressed by @platformatic/kafka, are compacted by the periodic cleaner to the newest
// value per key at unchanged offsets, each surviving record still in a batch of its original codec.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Producer } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompressionCodec } from '../../broker/protocol/records/batch-header.ts';
import { decodeRecordBatch, type DecodedRecordBatch } from '../../broker/protocol/records/record-batch.ts';
import { startBrokerProcess, type BrokerProcess } from '../support/broker-process.ts';
import { runCommand } from '../support/run-command.ts';

const CLI = resolve(import.meta.dirname, '../../runtime/cli/main.ts');
const SCHEMA = resolve(import.meta.dirname, '../../schemas/broker-config.json');
const TOPIC = 'compacted-kcat';
const KEYS = 30;

// log.cleaner.backoff.ms, once the broker config has it; until then the cleaner's 15 s default applies.
const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as { properties: Record<string, unknown> };
const cleanerConfig = 'log.cleaner.backoff.ms' in schema.properties ? { 'log.cleaner.backoff.ms': 200 } : {};

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBrokerProcess({ config: cleanerConfig });
});

afterAll(async () => {
  await broker?.stop();
  broker?.cleanup();
});

interface KcatRecord {
  offset: number;
  key: string | null;
  payload: string | null;
}

async function produce(lines: readonly string[], ...extra: string[]): Promise<void> {
  const res = await runCommand('kcat', ['-P', '-b', broker.bootstrap, '-t', TOPIC, '-K', ':', '-X', 'batch.num.messages=8', ...extra], {
    input: lines.join('\n') + '\n',
  });
  expect(res.code, res.stderr).toBe(0);
}

async function consumeAll(): Promise<KcatRecord[]> {
  const res = await runCommand('kcat', ['-C', '-b', broker.bootstrap, '-t', TOPIC, '-o', 'beginning', '-e', '-J', '-q'], { timeoutMs: 30_000 });
  expect(res.code, res.stderr).toBe(0);
  return res.stdout.toString('utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as KcatRecord);
}

function newestByKey(records: readonly KcatRecord[]): Map<string | null, KcatRecord> {
  return new Map(records.map((record) => [record.key, record]));
}

function storedBatches(): DecodedRecordBatch[] {
  const dir = join(broker.dataDir, `${TOPIC}-0`);
  const batches: DecodedRecordBatch[] = [];
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.log')).sort()) {
    const bytes = readFileSync(join(dir, name));
    for (let pos = 0; pos < bytes.length;) {
      const batch = decodeRecordBatch(bytes, pos);
      batches.push(batch);
      pos += batch.size;
    }
  }
  return batches;
}

describe('log compaction with kcat', () => {
  it('compacts a compacted topic to the newest value per key, keeping offsets and codecs', async () => {
    const create = await runCommand(process.execPath, [
      CLI, 'topics', 'create', TOPIC, '--bootstrap-server', broker.bootstrap,
      '--config', 'cleanup.policy=compact',
      '--config', 'segment.bytes=4096',
      '--config', 'segment.ms=300',
      '--config', 'min.cleanable.dirty.ratio=0.01',
    ], { timeoutMs: 30_000 });
    expect(create.code, create.stderr).toBe(0);

    const plain: string[] = [];
    for (let round = 0; round < 20; round++) for (let k = 0; k < KEYS; k++) plain.push(`key${k}:plain${round}-key${k}`);
    await produce(plain);
    // The second half of the keys keeps its plain values; the first half is overwritten by kcat -z lz4.
    // librdkafka compresses only when the broker's ApiVersions show LZ4 support (it looks for
    // FindCoordinator), so these batches may arrive uncompressed; @platformatic/kafka always compresses.
    const compressed: string[] = [];
    for (let round = 0; round < 5; round++) {
      for (let k = 0; k < KEYS / 2; k++) compressed.push(`key${k}:lz4-${round}-key${k}-${'z'.repeat(200)}`);
    }
    await produce(compressed, '-z', 'lz4');
    const producer = new Producer({ clientId: 'compaction', bootstrapBrokers: [broker.bootstrap], compression: 'lz4' });
    const platformatic: string[] = [];
    try {
      for (let round = 0; round < 3; round++) {
        const messages = Array.from({ length: KEYS / 3 }, (_, k) => ({
          topic: TOPIC,
          partition: 0,
          key: Buffer.from(`key${k}`),
          value: Buffer.from(`plat-lz4-${round}-key${k}-${'p'.repeat(100)}`),
        }));
        await producer.send({ messages });
        platformatic.push(...messages.map((m) => m.value.toString()));
      }
    } finally {
      await producer.close();
    }
    // Rolls the last segment of updates (segment.ms), so all of them are cleanable.
    await new Promise((r) => setTimeout(r, 400));
    await produce(['sentinel:end']);

    // Each produce finished before the next began, so offsets follow the order of sending. The
    // cleaner may already be at work (its back-off is short), so the expectation is built from
    // what was sent, not from a read.
    const sent = [
      ...plain.map((line) => line.split(':') as [string, string]),
      ...compressed.map((line) => line.split(':') as [string, string]),
      ...platformatic.map((value) => [value.replace(/^plat-lz4-\d+-(key\d+)-p+$/, '$1'), value] as [string, string]),
      ['sentinel', 'end'] as [string, string],
    ].map(([key, payload], offset) => ({ offset, key, payload }));
    const expected = newestByKey(sent);
    expect(expected.size).toBe(KEYS + 1);

    let after = await consumeAll();
    const deadline = Date.now() + 50_000;
    while (after.length > expected.size && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      after = await consumeAll();
    }
    expect(after.map((record) => [record.offset, record.key, record.payload])).toEqual(
      [...expected.values()].sort((a, b) => a.offset - b.offset).map((record) => [record.offset, record.key, record.payload]),
    );
    expect(after.find((record) => record.key === 'key0')?.payload).toMatch(/^plat-lz4-2-key0-p+$/);
    expect(after.find((record) => record.key === 'key14')?.payload).toMatch(/^lz4-4-key14-z+$/);
    expect(after.find((record) => record.key === 'key29')?.payload).toBe('plain19-key29');

    // On disk: surviving lz4 records are still in lz4 batches, plain ones in uncompressed batches.
    const batches = storedBatches();
    expect(batches.some((batch) => batch.compression === CompressionCodec.lz4)).toBe(true);
    for (const batch of batches) {
      const values = batch.records.map((record) => record.value?.toString() ?? '');
      if (values.some((value) => value.startsWith('plat-lz4-'))) expect(batch.compression).toBe(CompressionCodec.lz4);
      if (values.some((value) => value.startsWith('plain'))) expect(batch.compression).toBe(CompressionCodec.none);
    }
  });

  it('rejects keyless records on the compacted topic', async () => {
    const res = await runCommand('kcat', ['-P', '-b', broker.bootstrap, '-t', TOPIC], { input: 'no key here\n' });
    // librdkafka's words for INVALID_RECORD.
    expect(res.stderr).toMatch(/failed to validate record/i);
    const records = await consumeAll();
    expect(records.some((record) => record.payload === 'no key here')).toBe(false);
  });
});
