/**
 * The baseline of the runtime benchmark: the runtime's own Kafka client (@platformatic/kafka) writing
 * the records datagen would write, without the runtime around it. Runs in its own process:
 *
 *   node bench/runtime/raw-producer.ts '<RawSpec JSON>'   → prints `BENCH-RESULT <RawResult JSON>`
 *
 * The records are made first, untimed, by datagen's own RecordMaker (same quickstart, seed and key
 * space, task 0) and the same converters the worker applies, so key and value bytes match what the
 * connector sends. Then the timed part: `producer.send()` of `batch` records at a time, `inFlight`
 * sends outstanding, each record's partition chosen like the runtime's task producer does (Kafka's
 * default partitioner on the key). The producer is configured like the runtime's task producer
 * (runtime/kafka/open-producer.ts: acks=all, idempotent, no compression, retries 3 / 250 ms,
 * Java-compatible partitioner) unless the spec says otherwise.
 */
import { compatibilityPartitioner, Producer, ProduceAcks } from '@platformatic/kafka';
import { partitionForKey } from '../../runtime/kafka/default-partitioner.ts';
import { datagenBytes } from './datagen-bytes.ts';
import { reportAndExit } from '../support/worker.ts';
import { summarize, withWindow, type LatencySummary } from '../support/workload.ts';
import type { Workload } from './workload.ts';

/** A produce request's record batch must stay under max.message.bytes (1 MiB by default, as in Kafka). */
const MAX_BATCH_BYTES = 900 * 1024;

export interface RawSpec {
  bootstrap: string;
  topic: string;
  workload: Workload;
  /** Records per send(), at most; fewer when that many would not fit in MAX_BATCH_BYTES. */
  batch: number;
  /** send() calls outstanding at once. */
  inFlight: number;
  idempotent: boolean;
}

export interface RawResult {
  records: number;
  keyBytes: number;
  valueBytes: number;
  sends: number;
  /** Records per send() used. */
  batch: number;
  seconds: number;
  /** CPU time (user + system) of this process during the timed part. */
  cpuSeconds: number;
  /** How long making and converting the records took (not part of `seconds`). */
  generateSeconds: number;
  sendLatency: LatencySummary;
}

interface Made {
  keys: (Buffer | null)[];
  values: (Buffer | null)[];
  partitions: Int32Array;
  keyBytes: number;
  valueBytes: number;
}

/** Datagen's records for task 0, seq 0..n-1, through the worker's converters. */
function makeRecords(spec: RawSpec): Made {
  const w = spec.workload;
  const make = datagenBytes(w, spec.topic);
  const made: Made = { keys: new Array(w.records), values: new Array(w.records), partitions: new Int32Array(w.records), keyBytes: 0, valueBytes: 0 };
  const now = Date.now();
  for (let seq = 0; seq < w.records; seq++) {
    const { key, value } = make(seq, now);
    made.keys[seq] = key;
    made.values[seq] = value;
    made.partitions[seq] = key === null ? seq % w.partitions : partitionForKey(key, w.partitions);
    made.keyBytes += key?.length ?? 0;
    made.valueBytes += value?.length ?? 0;
  }
  return made;
}

export async function produceRaw(spec: RawSpec): Promise<RawResult> {
  const generateStarted = performance.now();
  const made = makeRecords(spec);
  const generateSeconds = (performance.now() - generateStarted) / 1000;

  const producer = new Producer({
    clientId: 'sluice-bench-raw-producer',
    bootstrapBrokers: [spec.bootstrap],
    retries: 3,
    retryDelay: 250,
    acks: ProduceAcks.ALL,
    idempotent: spec.idempotent,
    compression: 'none',
    partitioner: compatibilityPartitioner,
    ...(spec.inFlight > 1 ? { maxInflights: spec.inFlight } : {}),
  });
  try {
    // Connection and metadata outside the timed part (the runtime's producer is open before its first poll too).
    await producer.metadata({ topics: [spec.topic] });
    const total = spec.workload.records;
    // Per record on the wire: key + value + about 10 bytes of varints and attributes.
    const perRecord = (made.keyBytes + made.valueBytes) / total + 10;
    const batch = Math.max(1, Math.min(spec.batch, Math.floor(MAX_BATCH_BYTES / perRecord)));
    const sends = Math.ceil(total / batch);
    const sendMs: number[] = [];
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await withWindow(sends, spec.inFlight, async (b) => {
      const first = b * batch;
      const last = Math.min(total, first + batch);
      const timestamp = BigInt(Date.now());
      const messages = new Array(last - first);
      for (let i = first; i < last; i++) {
        messages[i - first] = { topic: spec.topic, partition: made.partitions[i], key: made.keys[i] ?? undefined, value: made.values[i] ?? undefined, timestamp };
      }
      const t0 = performance.now();
      await producer.send({ messages });
      sendMs.push(performance.now() - t0);
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return { records: total, keyBytes: made.keyBytes, valueBytes: made.valueBytes, sends, batch, seconds, cpuSeconds, generateSeconds, sendLatency: summarize(sendMs) };
  } finally {
    await producer.close();
  }
}

if (import.meta.main) reportAndExit(produceRaw(JSON.parse(process.argv[2] ?? '') as RawSpec));
