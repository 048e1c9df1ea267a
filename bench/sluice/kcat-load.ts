/**
 * Sluice with kcat (librdkafka 2.0.2), the fastest Kafka client on this machine.
 *
 *   produce  - `kcat -P -l FILE`: one record per line of a pre-generated file of N lines of
 *              exactly S bytes; batching producer (linger, big batches, no compression,
 *              acks=all). Timed as the process's wall time, which includes kcat's start-up and
 *              metadata round trip (a few ms) and ends when every record is acknowledged.
 *   consume  - `kcat -C -o beginning -c N -e`: reads until the N-th record (or the end of every
 *              partition) and exits; it prints each record's value size (`%S`) so that count
 *              and sizes are checked afterwards. Timed as the process's wall time.
 * kcat does not expose librdkafka's statistics callback, so it reports no latency; the
 * latency figures come from the one-in-flight phase (Node client) against the same broker.
 */
import { closeSync, createReadStream, openSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { captureOutput, exitOf, hasExited, spawnTracked, stopChild } from '../support/children.ts';
import { payloadPool, type ConsumeResult, type ProduceResult } from '../support/workload.ts';

export interface KcatProduceOptions {
  bootstrap: string;
  topic: string;
  file: string;
  records: number;
  size: number;
  timeoutMs: number;
  /** librdkafka properties, added to (and overriding) the defaults below. */
  properties?: Record<string, string>;
}

export const KCAT_PRODUCER_PROPERTIES: Record<string, string> = {
  'linger.ms': '5',
  'batch.num.messages': '10000',
  'batch.size': '1048576',
  'queue.buffering.max.messages': '1000000',
  'queue.buffering.max.kbytes': '1048576',
  acks: 'all',
  'compression.codec': 'none',
};

export const KCAT_CONSUMER_PROPERTIES: Record<string, string> = {
  'fetch.message.max.bytes': '4194304',
  'fetch.max.bytes': '52428800',
  'queued.min.messages': '200000',
  // Only matters once the consumer has caught up: librdkafka asks for fetch.min.bytes=1, so a
  // broker answers at once while data is there. A long wait would add itself to the clock when
  // kcat closes (it waits for the outstanding fetch), so keep it short.
  'fetch.wait.max.ms': '10',
};

function propertyArgs(properties: Record<string, string>): string[] {
  return Object.entries(properties).flatMap(([name, value]) => ['-X', `${name}=${value}`]);
}

async function runKcat(args: string[], timeoutMs: number, stdoutFile?: string): Promise<{ code: number | string | null; seconds: number; lines: string[] }> {
  const fd = stdoutFile ? openSync(stdoutFile, 'w') : undefined;
  const started = performance.now();
  const child = spawnTracked('kcat', args, { stdio: ['ignore', fd ?? 'pipe', 'pipe'] });
  if (fd !== undefined) closeSync(fd);
  const lines = captureOutput(child, 200);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void stopChild(child, 1_000);
  }, timeoutMs);
  const code = await exitOf(child);
  const seconds = (performance.now() - started) / 1000;
  clearTimeout(timer);
  if (timedOut) throw new Error(`kcat ${args.slice(0, 2).join(' ')} did not finish within ${timeoutMs / 1000} s\n${lines.slice(-20).join('\n')}`);
  return { code, seconds, lines };
}

export async function kcatProduce(options: KcatProduceOptions): Promise<ProduceResult & { exitCode: number | string | null; stderr: string[] }> {
  const properties = { ...KCAT_PRODUCER_PROPERTIES, ...options.properties };
  const args = ['-P', '-b', options.bootstrap, '-t', options.topic, '-l', ...propertyArgs(properties), options.file];
  const { code, seconds, lines } = await runKcat(args, options.timeoutMs);
  return {
    records: options.records,
    bytes: options.records * options.size,
    seconds,
    exitCode: code,
    stderr: lines,
    notes: [`kcat ${args.join(' ')}`],
  };
}

export interface KcatConsumeOptions {
  bootstrap: string;
  topic: string;
  records: number;
  size: number;
  outputFile: string;
  timeoutMs: number;
  properties?: Record<string, string>;
}

export async function kcatConsume(options: KcatConsumeOptions): Promise<ConsumeResult & { exitCode: number | string | null; stderr: string[] }> {
  const properties = { ...KCAT_CONSUMER_PROPERTIES, ...options.properties };
  // -c N: stop at the N-th record; -e: or at the end of every partition (records missing).
  const args = ['-C', '-b', options.bootstrap, '-t', options.topic, '-o', 'beginning', '-e', '-c', String(options.records), '-q', '-f', '%S\\n', ...propertyArgs(properties)];
  const { code, seconds, lines } = await runKcat(args, options.timeoutMs, options.outputFile);
  // Checked after the clock stopped: one line per record, holding the value's size.
  let records = 0;
  let wrongSize = 0;
  let bytes = 0;
  const expected = String(options.size);
  for await (const line of createInterface({ input: createReadStream(options.outputFile) })) {
    if (!line) continue;
    records++;
    if (line !== expected) wrongSize++;
    bytes += Number(line) || 0;
  }
  return { records, bytes, seconds, wrongSize, exitCode: code, stderr: lines, notes: [`kcat ${args.join(' ')} > ${options.outputFile}`] };
}

export interface SteadyProducer {
  /** Stops feeding kcat, lets it deliver what it has, and returns how many lines it was given. */
  stop(): Promise<{ sent: number; exitCode: number | string | null; stderr: string[] }>;
}

/**
 * A background load for the rebalance measurements: `kcat -P` fed through its stdin at a steady
 * `recordsPerSecond` (lines written every 10 ms), no keys, spread over every partition
 * (`sticky.partitioning.linger.ms=0`: each record picks a partition at random instead of a batch
 * sticking to one), `linger.ms=1`, so that every partition gets a record about every
 * partitions/recordsPerSecond seconds and a consumer's first record after an assignment shows
 * within a few ms when it resumed.
 */
export function kcatSteadyProducer(options: { bootstrap: string; topic: string; recordsPerSecond: number; size: number }): SteadyProducer {
  const args = ['-P', '-b', options.bootstrap, '-t', options.topic, ...propertyArgs({ 'linger.ms': '1', 'sticky.partitioning.linger.ms': '0', acks: 'all' })];
  const child = spawnTracked('kcat', args, { stdio: ['pipe', 'ignore', 'pipe'] });
  child.stdin?.on('error', () => {});
  const stderr = captureOutput(child, 50);
  const pool = payloadPool(options.size, 256);
  const started = performance.now();
  let sent = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * options.recordsPerSecond) - sent;
    if (due <= 0 || hasExited(child)) return;
    const lines: Buffer[] = [];
    for (let i = 0; i < due; i++) lines.push(pool[(sent + i) % pool.length]!, NEWLINE);
    child.stdin?.write(Buffer.concat(lines));
    sent += due;
  }, 10);
  return {
    async stop() {
      clearInterval(timer);
      child.stdin?.end();
      const timeout = setTimeout(() => void stopChild(child, 1_000), 10_000);
      const exitCode = await exitOf(child);
      clearTimeout(timeout);
      return { sent, exitCode, stderr };
    },
  };
}

const NEWLINE = Buffer.from('\n');
