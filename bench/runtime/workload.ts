/**
 * What the runtime benchmark writes, in one place, so that the raw producer and the datagen connector
 * produce the same records: the datagen quickstart, seed and key space, and the converters the worker
 * applies (key: StringConverter, value: JsonConverter, schemas off unless asked for).
 */
export type Quickstart = 'users' | 'orders' | 'pageviews';

export interface Workload {
  /** Records per throughput phase (datagen max.records, raw producer count). */
  records: number;
  quickstart: Quickstart;
  seed: number;
  keySpace: number;
  /** value.converter.schemas.enable: JSON with an embedded schema (about 4× larger records). */
  schemas: boolean;
  /** Partitions of the benchmark topics. */
  partitions: number;
  /** tasks.max of the datagen and discard connectors in the throughput phases. */
  tasks: number;
}

export const KEY_CONVERTER = 'org.apache.kafka.connect.storage.StringConverter';
export const VALUE_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';
export const DISCARD_CLASS = 'io.sluice.bench.DiscardSinkConnector';

export function converterProps(w: Workload): Record<string, string> {
  return {
    'key.converter': KEY_CONVERTER,
    'value.converter': VALUE_CONVERTER,
    'value.converter.schemas.enable': String(w.schemas),
  };
}

/** The datagen connector's config, everything else at its defaults (batch.size 1000, unpaced). */
export function datagenConfig(w: Workload, topic: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'connector.class': 'datagen',
    topic,
    quickstart: w.quickstart,
    seed: String(w.seed),
    'key.space': String(w.keySpace),
    'max.records': String(w.records),
    'tasks.max': String(w.tasks),
    ...converterProps(w),
    ...overrides,
  };
}

export function discardConfig(w: Workload, topic: string, progressFile: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'connector.class': DISCARD_CLASS,
    topics: topic,
    'progress.file': progressFile,
    'progress.interval.ms': '50',
    'tasks.max': String(w.tasks),
    ...converterProps(w),
    ...overrides,
  };
}
