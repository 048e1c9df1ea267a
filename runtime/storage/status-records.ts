/**
 * The status topic's record format, Kafka Connect's (KafkaStatusBackingStore):
 *
 *   status-connector-<c>                 {"state":"RUNNING","trace":null,"worker_id":"w:8083","generation":4}
 *   status-task-<c>-<n>                  same shape
 *   status-topic-<topic>:connector-<c>   {"topic":{"name":"<topic>","connector":"<c>","task":0,"discoverTimestamp":1700000000000}}
 *
 * A null value removes the entry; a connector or task is DESTROYED by writing null.
 */
import type { ConnectorTaskId, State } from '../herder/connect-types.ts';
import { decodeJson, encodeJson, isJsonObject } from './internal-json.ts';

export type StatusState = State | 'DESTROYED';

const STATES: readonly StatusState[] = ['UNASSIGNED', 'RUNNING', 'PAUSED', 'STOPPED', 'FAILED', 'RESTARTING', 'DESTROYED'];

/** A connector's or task's status as one worker reported it. */
export interface StatusValue {
  readonly state: StatusState;
  /** The stack trace of a FAILED status, else null. */
  readonly trace: string | null;
  readonly workerId: string;
  /** The group generation the worker was in when it wrote the status. */
  readonly generation: number;
}

/** A topic a connector's task used (GET /connectors/{c}/topics). */
export interface TopicStatus {
  readonly topic: string;
  readonly connector: string;
  readonly task: number;
  readonly discoverTimestamp: number;
}

export const CONNECTOR_STATUS_PREFIX = 'status-connector-';
export const TASK_STATUS_PREFIX = 'status-task-';
export const TOPIC_STATUS_PREFIX = 'status-topic-';
const TOPIC_STATUS_SEPARATOR = ':connector-';

export const statusKeys = Object.freeze({
  connector: (connector: string) => CONNECTOR_STATUS_PREFIX + connector,
  task: (id: ConnectorTaskId) => `${TASK_STATUS_PREFIX}${id.connector}-${id.task}`,
  topic: (topic: string, connector: string) => `${TOPIC_STATUS_PREFIX}${topic}${TOPIC_STATUS_SEPARATOR}${connector}`,
});

export type StatusRecord =
  | { readonly type: 'connector'; readonly connector: string; readonly status: StatusValue | null }
  | { readonly type: 'task'; readonly id: ConnectorTaskId; readonly status: StatusValue | null }
  | { readonly type: 'topic'; readonly topic: string; readonly connector: string; readonly status: TopicStatus | null }
  | { readonly type: 'invalid'; readonly key: string; readonly reason: string };

/** DESTROYED is written as a tombstone. */
export function encodeStatusValue(status: StatusValue): Buffer | null {
  if (status.state === 'DESTROYED') return null;
  return encodeJson({ state: status.state, trace: status.trace, worker_id: status.workerId, generation: status.generation });
}

export function encodeTopicStatusValue(status: TopicStatus | null): Buffer | null {
  if (status === null) return null;
  return encodeJson({ topic: { name: status.topic, connector: status.connector, task: status.task, discoverTimestamp: status.discoverTimestamp } });
}

export function decodeStatusRecord(keyBytes: Buffer | null, valueBytes: Buffer | null): StatusRecord {
  const key = keyBytes?.toString('utf8') ?? '';
  let value: unknown;
  try {
    value = valueBytes === null ? null : decodeJson(valueBytes);
  } catch {
    return { type: 'invalid', key, reason: 'value is not JSON' };
  }
  if (key.startsWith(CONNECTOR_STATUS_PREFIX)) {
    const connector = key.slice(CONNECTOR_STATUS_PREFIX.length);
    if (connector === '') return { type: 'invalid', key, reason: 'no connector name' };
    if (value === null) return { type: 'connector', connector, status: null };
    const status = statusValue(value);
    return status ? { type: 'connector', connector, status } : { type: 'invalid', key, reason: 'not a status value' };
  }
  if (key.startsWith(TASK_STATUS_PREFIX)) {
    const parts = key.split('-');
    const last = parts[parts.length - 1];
    if (parts.length < 4 || !/^-?\d+$/.test(last)) return { type: 'invalid', key, reason: 'not a status-task-<connector>-<number> key' };
    const id = { connector: parts.slice(2, -1).join('-'), task: Number(last) };
    if (value === null) return { type: 'task', id, status: null };
    const status = statusValue(value);
    return status ? { type: 'task', id, status } : { type: 'invalid', key, reason: 'not a status value' };
  }
  if (key.startsWith(TOPIC_STATUS_PREFIX)) {
    const colon = key.indexOf(':');
    const topic = colon < 0 ? '' : key.slice(TOPIC_STATUS_PREFIX.length, colon);
    const connector = colon < 0 ? '' : key.slice(colon + TOPIC_STATUS_SEPARATOR.length);
    if (topic === '' || connector === '') return { type: 'invalid', key, reason: 'not a status-topic-<topic>:connector-<connector> key' };
    if (value === null) return { type: 'topic', topic, connector, status: null };
    const inner = isJsonObject(value) ? value.topic : undefined;
    if (!isJsonObject(inner) || typeof inner.name !== 'string' || typeof inner.connector !== 'string' || !isNumber(inner.task) || !isNumber(inner.discoverTimestamp)) {
      return { type: 'invalid', key, reason: 'not a topic status value' };
    }
    return { type: 'topic', topic, connector, status: { topic: inner.name, connector: inner.connector, task: Number(inner.task), discoverTimestamp: Number(inner.discoverTimestamp) } };
  }
  return { type: 'invalid', key, reason: 'unknown key' };
}

function statusValue(value: unknown): StatusValue | undefined {
  if (!isJsonObject(value)) return undefined;
  const { state, trace, worker_id: workerId, generation } = value;
  if (typeof state !== 'string' || !STATES.includes(state as StatusState)) return undefined;
  if (typeof workerId !== 'string' || !isNumber(generation)) return undefined;
  return { state: state as StatusState, trace: typeof trace === 'string' ? trace : null, workerId, generation: Number(generation) };
}

function isNumber(value: unknown): value is number | bigint {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isFinite(value));
}
