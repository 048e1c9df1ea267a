// Reads the record batches a broker process stored for one partition, straight from its
// segment files, so tests can check what actually reached the disk (e.g. the codec).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRecordBatch, type DecodedRecordBatch } from '../../broker/protocol/records/record-batch.ts';

export function storedBatches(dataDir: string, topic: string, partition = 0): DecodedRecordBatch[] {
  const dir = join(dataDir, `${topic}-${partition}`);
  const batches: DecodedRecordBatch[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.log')).sort()) {
    const bytes = readFileSync(join(dir, name));
    for (let pos = 0; pos < bytes.length; ) {
      const batch = decodeRecordBatch(bytes, pos);
      batches.push(batch);
      pos += batch.size;
    }
  }
  return batches;
}

const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

/** The codec names of the stored batches, deduplicated. */
export function storedCodecs(dataDir: string, topic: string, partition = 0): string[] {
  return [...new Set(storedBatches(dataDir, topic, partition).map((b) => CODECS[b.compression]))];
}
