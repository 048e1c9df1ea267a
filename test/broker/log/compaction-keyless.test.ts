import { describe, expect, it } from 'vitest';
import { KafkaProtocolError } from '../../../broker/protocol/error-codes.ts';
import { CompressionCodec } from '../../../broker/protocol/records/batch-header.ts';
import { keyedBatch, readAll } from './compaction-fixtures.ts';
import { openLog, tempDir } from './log-fixtures.ts';

function errorOf(append: () => unknown): KafkaProtocolError {
  try {
    append();
  } catch (err) {
    if (err instanceof KafkaProtocolError) return err;
    throw err;
  }
  throw new Error('append succeeded');
}

describe('produce to a compacted topic', () => {
  for (const policy of ['compact', 'compact,delete']) {
    it(`rejects records without a key with INVALID_RECORD (cleanup.policy=${policy})`, async () => {
      const log = await openLog(tempDir(), { configs: { 'cleanup.policy': policy } });
      log.append(keyedBatch([{ key: 'a', value: '1' }]));
      for (const compression of [CompressionCodec.none, CompressionCodec.lz4]) {
        const mixed = keyedBatch([{ key: 'b', value: '2' }, { key: null, value: 'orphan' }], { compression });
        const err = errorOf(() => log.append(mixed));
        expect(err.error.name).toBe('INVALID_RECORD');
        expect(err.message).toMatch(/t-0 is compacted .* needs a key; record 1 of record batch 0 has none/);
      }
      // A keyless batch after a good one in the same request: nothing of the request is stored.
      const request = Buffer.concat([keyedBatch([{ key: 'c', value: '3' }]), keyedBatch([{ key: null, value: 'x' }])]);
      expect(errorOf(() => log.append(request)).message).toMatch(/record 0 of record batch 1/);
      expect(log.logEndOffset).toBe(1);
      // Tombstones have keys and are fine.
      log.append(keyedBatch([{ key: 'a', value: null }], { compression: CompressionCodec.zstd }));
      expect(readAll(log).records.map((record) => [record.key, record.value])).toEqual([['a', '1'], ['a', null]]);
    });
  }

  it('accepts keyless records on topics that are not compacted', async () => {
    const log = await openLog(tempDir());
    log.append(keyedBatch([{ key: null, value: 'fine' }]));
    expect(log.logEndOffset).toBe(1);
  });
});
