/**
 * Starts Kafka consumer-group members as processes (see bench/support/member-process.ts):
 *   python - bench/sluice/group-member.py, confluent-kafka on librdkafka (the C client kcat is
 *            built on; the same consumer properties as the kcat consumer of the throughput bench)
 *   node   - bench/sluice/group-node-member.ts, @platformatic/kafka
 */
import { resolve } from 'node:path';
import { MemberProcess } from '../support/member-process.ts';
import { KCAT_CONSUMER_PROPERTIES } from './kcat-load.ts';

export type KafkaMemberClient = 'python' | 'node';

export const PYTHON = '/usr/bin/python3';
const PYTHON_MEMBER = resolve(import.meta.dirname, 'group-member.py');
const NODE_MEMBER = resolve(import.meta.dirname, 'group-node-member.ts');

export interface KafkaMemberSettings {
  bootstrap: string;
  topic: string;
  group: string;
  /** client.id; also the member's name in reports. */
  name: string;
  /** Expected value size: records of another size are counted as wrong. */
  size?: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** Extra librdkafka properties (python member only). */
  properties?: Record<string, string>;
  /** python member: records per consume() call (default 10,000; 1 returns each record at once). */
  batch?: number;
  /** python member: least time between progress events, ms (default 200). */
  progressMs?: number;
}

/** librdkafka properties of the python member, besides bootstrap, group and client id. */
export function librdkafkaProperties(settings: KafkaMemberSettings): Record<string, string> {
  return {
    ...KCAT_CONSUMER_PROPERTIES,
    // In librdkafka 2.0.2's group consumer every partition feeds one shared queue, and a partition
    // stops fetching once that whole queue holds queued.min.messages (per partition in name
    // only); the next Fetch then goes out only about a second later (newer librdkafka releases
    // made that wait configurable, fetch.queue.backoff.ms). With 200,000 a single Python member
    // consumed in bursts with ~1 s gaps between them (debug=fetch: "not fetchable:
    // queued.min.messages exceeded", next FetchRequest 1.0 s later), ~420k records/s; with
    // 2,000,000 it never pauses and reaches ~700k, bound by its own CPU.
    'queued.min.messages': '2000000',
    'session.timeout.ms': String(settings.sessionTimeoutMs),
    'heartbeat.interval.ms': String(settings.heartbeatIntervalMs),
    ...settings.properties,
  };
}

export function startKafkaMember(client: KafkaMemberClient, settings: KafkaMemberSettings): MemberProcess {
  if (client === 'python') {
    const json = JSON.stringify({ bootstrap: settings.bootstrap, topic: settings.topic, group: settings.group, name: settings.name, size: settings.size, batch: settings.batch, progress_ms: settings.progressMs, properties: librdkafkaProperties(settings) });
    return new MemberProcess(settings.name, PYTHON, ['-u', PYTHON_MEMBER, json]);
  }
  return new MemberProcess(settings.name, process.execPath, [NODE_MEMBER, JSON.stringify(settings)]);
}
