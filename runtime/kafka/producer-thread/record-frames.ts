/**
 * ProducerRecords and their RecordMetadata as they cross between the worker's event loop and a producer
 * thread: one transferable ArrayBuffer per send() instead of a structured clone of every record and
 * Buffer. The receiving side reads keys, values and header values as views into that one buffer.
 *
 * Layout per record (little endian, 28 bytes + data): int32 topic index, int32 partition (-1: none), float64 timestamp
 * (NaN: none), key and value as int32 length (-1: null) + bytes, int32 header count, then per header the
 * key (int32 length + UTF-8) and the value (int32 length, -1: null, + bytes).
 */
import type { RecordMetadata } from '../../../connectors/sdk/index.ts';
import { RuntimeError, RuntimeErrors } from '../../errors.ts';
import type { ProducerRecord } from '../source-record-producer.ts';

export interface RecordFrame {
  readonly topics: string[];
  readonly count: number;
  readonly bytes: ArrayBuffer;
}

const NONE = -1;

export function packRecords(records: readonly ProducerRecord[]): RecordFrame {
  const topics: string[] = [];
  const topicIndex = new Map<string, number>();
  let size = 0;
  for (const r of records) {
    // -1 and NaN mean "none" in the frame: such values must not pass for it.
    if (r.partition != null && !(Number.isInteger(r.partition) && r.partition >= 0)) throw new RuntimeError(RuntimeErrors.INTERNAL, `a record for ${r.topic} has partition ${r.partition}`);
    if (r.timestamp != null && !Number.isFinite(r.timestamp)) throw new RuntimeError(RuntimeErrors.INTERNAL, `a record for ${r.topic} has timestamp ${r.timestamp}`);
    if (!topicIndex.has(r.topic)) {
      topicIndex.set(r.topic, topics.length);
      topics.push(r.topic);
    }
    size += 28 + (r.key?.length ?? 0) + (r.value?.length ?? 0);
    for (const [key, value] of r.headers ?? []) size += 8 + Buffer.byteLength(key, 'utf8') + (value?.length ?? 0);
  }
  const out = Buffer.allocUnsafeSlow(size);
  let at = 0;
  const writeBytes = (bytes: Buffer | null) => {
    at = out.writeInt32LE(bytes === null ? NONE : bytes.length, at);
    if (bytes !== null) at += bytes.copy(out, at);
  };
  let lastTopic = '';
  let lastIndex = 0;
  for (const r of records) {
    if (r.topic !== lastTopic) {
      lastTopic = r.topic;
      lastIndex = topicIndex.get(r.topic)!;
    }
    at = out.writeInt32LE(lastIndex, at);
    at = out.writeInt32LE(r.partition ?? NONE, at);
    at = out.writeDoubleLE(r.timestamp ?? Number.NaN, at);
    writeBytes(r.key);
    writeBytes(r.value);
    const headers = r.headers ?? [];
    at = out.writeInt32LE(headers.length, at);
    for (const [key, value] of headers) {
      const written = out.write(key, at + 4, 'utf8');
      at = out.writeInt32LE(written, at) + written;
      writeBytes(value);
    }
  }
  return { topics, count: records.length, bytes: out.buffer as ArrayBuffer };
}

export function unpackRecords(frame: RecordFrame): ProducerRecord[] {
  const buffer = Buffer.from(frame.bytes);
  const out = new Array<ProducerRecord>(frame.count);
  let at = 0;
  const readInt = () => {
    const value = buffer.readInt32LE(at);
    at += 4;
    return value;
  };
  const readBytes = (): Buffer | null => {
    const length = readInt();
    if (length === NONE) return null;
    at += length;
    return buffer.subarray(at - length, at);
  };
  for (let i = 0; i < frame.count; i++) {
    const topic = frame.topics[readInt()];
    const partition = readInt();
    const timestamp = buffer.readDoubleLE(at);
    at += 8;
    const key = readBytes();
    const value = readBytes();
    const headerCount = readInt();
    let headers: Array<readonly [string, Buffer | null]> | undefined;
    if (headerCount > 0) {
      headers = [];
      for (let h = 0; h < headerCount; h++) {
        const length = readInt();
        const name = buffer.toString('utf8', at, at + length);
        at += length;
        headers.push([name, readBytes()]);
      }
    }
    out[i] = { topic, partition: partition === NONE ? null : partition, key, value, headers, timestamp: Number.isNaN(timestamp) ? null : timestamp };
  }
  return out;
}

/** Where the records of one send() landed, in send order (the topics are the sender's own). */
export interface MetadataFrame {
  readonly partitions: Int32Array;
  readonly offsets: Float64Array;
  readonly timestamps: Float64Array;
}

export function packMetadata(metadata: readonly RecordMetadata[]): MetadataFrame {
  const partitions = new Int32Array(metadata.length);
  const offsets = new Float64Array(metadata.length);
  const timestamps = new Float64Array(metadata.length);
  for (let i = 0; i < metadata.length; i++) {
    partitions[i] = metadata[i].partition;
    offsets[i] = metadata[i].offset;
    timestamps[i] = metadata[i].timestamp ?? Number.NaN;
  }
  return { partitions, offsets, timestamps };
}

/** `topicOf(i)`: the topic of the i-th record sent. */
export function unpackMetadata(frame: MetadataFrame, topicOf: (i: number) => string): RecordMetadata[] {
  const out = new Array<RecordMetadata>(frame.partitions.length);
  for (let i = 0; i < out.length; i++) {
    const timestamp = frame.timestamps[i];
    out[i] = { topic: topicOf(i), partition: frame.partitions[i], offset: frame.offsets[i], timestamp: Number.isNaN(timestamp) ? null : timestamp };
  }
  return out;
}
