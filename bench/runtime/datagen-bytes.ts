/**
 * The key and value bytes the datagen connector writes for the benchmark workload: datagen's own
 * RecordMaker (task 0) through the converters the worker applies. Used by the peers that run without
 * the runtime (raw-producer.ts, no-runtime-pipeline.ts), so they write the very bytes the connector does.
 */
import { DATAGEN_CONFIG } from '../../connectors/datagen/config.ts';
import { RecordMaker } from '../../connectors/datagen/record-maker.ts';
import { recordShape } from '../../connectors/datagen/record-shape.ts';
import { JsonConverter } from '../../runtime/converters/json/json-converter.ts';
import { StringConverter } from '../../runtime/converters/string-converter.ts';
import type { Workload } from './workload.ts';

export interface DatagenBytes {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

/** Returns a function making record `seq` (0-based) as bytes; `now` is its datagen timestamp. */
export function datagenBytes(w: Workload, topic: string): (seq: number, now: number) => DatagenBytes {
  const config = DATAGEN_CONFIG.parse({ topic, quickstart: w.quickstart, seed: String(w.seed), 'key.space': String(w.keySpace) });
  const maker = new RecordMaker({ shape: recordShape(config), topic, keySpace: config['key.space'], seed: config.seed!, task: 0 });
  const keyConverter = new StringConverter();
  keyConverter.configure({}, true);
  const valueConverter = new JsonConverter();
  valueConverter.configure({ 'schemas.enable': String(w.schemas) }, false);
  return (seq, now) => {
    const record = maker.record(seq, now);
    const key = keyConverter.fromConnectData(topic, null, record.keySchema, record.key);
    const value = valueConverter.fromConnectData(topic, null, record.valueSchema, record.value);
    if (key instanceof Promise || value instanceof Promise) throw new Error('the benchmark converters are synchronous');
    return { key, value };
  };
}
