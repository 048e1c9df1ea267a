/**
 * Peer: NATS JetStream (Debian's nats-server), one stream with file storage.
 *
 * Server side (orchestrator): `startNatsServer` runs a private nats-server on a free loopback
 * port with JetStream storing in a temp dir. Client side (worker process, nats.js):
 *   produce  - every record published to the stream's subject with a reply inbox, PubAcks
 *              collected asynchronously: up to `window` messages await their ack at once (the
 *              JetStream equivalent of a Kafka producer's in-flight window).
 *   consume  - a pull consumer (ack policy none, deliver all) read with consume() and a
 *              callback, pulling `batch` messages per request (the fastest of the nats.js read
 *              paths tried here: ordered consumer, fetch() loops, iterators were all slower).
 *   latency  - one publish at a time, each awaited.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { AckPolicy, connect, createInbox, DeliverPolicy, StorageType, RetentionPolicy, DiscardPolicy, type NatsConnection } from 'nats';
import { captureOutput, freePort, spawnTracked, stopChild, waitForPort } from '../support/children.ts';
import {
  payloadPool,
  StallTimer,
  summarize,
  type ConsumeResult,
  type LatencyResult,
  type LoadSpec,
  type ProduceResult,
} from '../support/workload.ts';

export interface NatsServer {
  url: string;
  pid: number;
  child: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

export async function startNatsServer(binary = 'nats-server'): Promise<NatsServer> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-nats-'));
  const port = await freePort();
  const child = spawnTracked(binary, ['-js', '-sd', dir, '-a', '127.0.0.1', '-p', String(port)]);
  const output = captureOutput(child);
  try {
    await waitForPort('127.0.0.1', port, 15_000, child);
  } catch (error) {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`nats-server did not start: ${(error as Error).message}\n${output.join('\n')}`);
  }
  return {
    url: `127.0.0.1:${port}`,
    pid: child.pid!,
    child,
    output,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function withConnection<T>(url: string, work: (nc: NatsConnection) => Promise<T>): Promise<T> {
  const nc = await connect({ servers: url, name: 'sluice-bench', maxReconnectAttempts: 0 });
  try {
    return await work(nc);
  } finally {
    await nc.close();
  }
}

function subjectOf(spec: LoadSpec): string {
  return `bench.${spec.name}`;
}

async function createStream(nc: NatsConnection, spec: LoadSpec): Promise<void> {
  const jsm = await nc.jetstreamManager();
  await jsm.streams.add({
    name: spec.name,
    subjects: [subjectOf(spec)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    num_replicas: 1,
  });
}

export async function produce(spec: LoadSpec): Promise<ProduceResult> {
  const window = spec.tuning?.window ?? 4096;
  return withConnection(spec.target, async (nc) => {
    await createStream(nc, spec);
    const subject = subjectOf(spec);
    const pool = payloadPool(spec.size);
    // Asynchronous publish the way NATS's own clients do it (Go's PublishAsync): every message
    // carries a reply subject under one wildcard inbox, and a single subscription collects the
    // stream's PubAcks. nats.js's js.publish() makes a request object, timer and promise per
    // message and tops out near 20k msg/s here, which would measure nats.js, not the server.
    const prefix = `${createInbox()}.`;
    const sentAt = new Float64Array(spec.records);
    const ackMs: number[] = [];
    let acked = 0;
    let failed: string | undefined;
    let lastSeq = 0;
    let wake: (() => void) | undefined;
    const done = new Promise<void>((resolve) => {
      nc.subscribe(`${prefix}*`, {
        callback: (error, message) => {
          if (error) failed ??= error.message;
          else {
            const index = Number(message.subject.slice(prefix.length));
            ackMs.push(performance.now() - sentAt[index]!);
            const ack = JSON.parse(message.string()) as { seq?: number; error?: { description?: string } };
            if (ack.error || ack.seq === undefined) failed ??= JSON.stringify(ack);
            else if (ack.seq > lastSeq) lastSeq = ack.seq;
          }
          acked++;
          if (wake) {
            const w = wake;
            wake = undefined;
            w();
          }
          if (acked === spec.records) resolve();
        },
      });
    });
    await nc.flush();
    const started = performance.now();
    for (let i = 0; i < spec.records; i++) {
      while (i - acked >= window) await new Promise<void>((resolve) => (wake = resolve));
      if (failed) break;
      sentAt[i] = performance.now();
      nc.publish(subject, pool[i % pool.length]!, { reply: `${prefix}${i}` });
    }
    if (!failed) await done;
    const seconds = (performance.now() - started) / 1000;
    if (failed) throw new Error(`JetStream publish failed: ${failed}`);
    const info = await (await nc.jetstreamManager()).streams.info(spec.name);
    return {
      records: info.state.messages,
      bytes: spec.records * spec.size,
      seconds,
      loadedAck: { ...summarize(ackMs), unit: `one message's PubAck, up to ${window} messages awaiting acks` },
      notes: [`highest acked seq ${lastSeq}`],
    };
  });
}

export async function consume(spec: LoadSpec): Promise<ConsumeResult> {
  const batch = spec.tuning?.batch ?? 2_000;
  return withConnection(spec.target, async (nc) => {
    const jsm = await nc.jetstreamManager();
    const name = `bench-${Date.now()}`;
    await jsm.consumers.add(spec.name, { durable_name: name, ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All });
    const consumer = await nc.jetstream().consumers.get(spec.name, name);
    let records = 0;
    let bytes = 0;
    let wrongSize = 0;
    const started = performance.now();
    let messages: Awaited<ReturnType<typeof consumer.consume>> | undefined;
    let finished = false;
    await new Promise<void>((resolve, reject) => {
      // Ends on the N-th record, or when nothing has arrived for `stallMs` (records went missing).
      const stall = new StallTimer(spec.tuning?.stallMs ?? 10_000, resolve);
      consumer
        .consume({
          max_messages: batch,
          callback: (message) => {
            if (finished) return;
            stall.touch();
            const length = message.data.length;
            bytes += length;
            if (length !== spec.size) wrongSize++;
            if (++records === spec.records) {
              finished = true;
              stall.clear();
              resolve();
            }
          },
        })
        .then((m) => (messages = m), reject);
    });
    finished = true;
    const seconds = (performance.now() - started) / 1000;
    await messages?.close();
    return { records, bytes, seconds, wrongSize };
  });
}

export async function latency(spec: LoadSpec): Promise<LatencyResult> {
  const samples = spec.samples ?? 2000;
  const warmup = spec.warmup ?? 200;
  return withConnection(spec.target, async (nc) => {
    await createStream(nc, spec);
    const js = nc.jetstream();
    const subject = subjectOf(spec);
    const pool = payloadPool(spec.size, 64);
    const times: number[] = [];
    for (let i = 0; i < warmup + samples; i++) {
      const t0 = performance.now();
      await js.publish(subject, pool[i % pool.length]!);
      if (i >= warmup) times.push(performance.now() - t0);
    }
    return summarize(times);
  });
}

/**
 * A durable pull consumer for several pullers to share (bench/peers/nats-group-member.ts), with
 * the settings of the single consumer above: ack policy none, deliver all.
 */
export async function createSharedConsumer(url: string, stream: string, durable: string): Promise<void> {
  await withConnection(url, async (nc) => {
    const jsm = await nc.jetstreamManager();
    await jsm.consumers.add(stream, { durable_name: durable, ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All });
  });
}
