/**
 * The config topic's record format, byte for byte Kafka Connect's (KafkaConfigBackingStore): string
 * keys naming the record kind and connector, values as schemaless JSON.
 *
 *   connector-<c>          {"properties":{...}}            null = connector deleted
 *   task-<c>-<n>           {"properties":{...}}            applied only at the next commit-<c>
 *   commit-<c>             {"tasks":N}
 *   target-state-<c>       {"state":"PAUSED","state.v2":"STOPPED"}   null = deleted with the connector
 *   restart-connector-<c>  {"include-tasks":true,"only-failed":false}
 *
 * "state" is what workers before Connect 3.5 read; they know no STOPPED, so it says PAUSED for it.
 * Keys Connect writes for features Sluice does not have (session-key, tasks-fencing-<c>,
 * logger-cluster-<ns>) are recognised and ignored.
 */
import type { ConnectorConfig, ConnectorTaskId, RestartRequest, TargetState } from '../herder/connect-types.ts';
import { decodeJson, encodeJson, isJsonObject } from './internal-json.ts';

export const CONNECTOR_PREFIX = 'connector-';
export const TASK_PREFIX = 'task-';
export const COMMIT_PREFIX = 'commit-';
export const TARGET_STATE_PREFIX = 'target-state-';
export const RESTART_PREFIX = 'restart-connector-';
const IGNORED_PREFIXES = ['tasks-fencing-', 'logger-cluster-'];
const IGNORED_KEYS = ['session-key'];
const TARGET_STATES: readonly TargetState[] = ['STARTED', 'PAUSED', 'STOPPED'];

export type ConfigRecord =
  | { readonly type: 'connector-config'; readonly connector: string; readonly config: ConnectorConfig | null }
  | { readonly type: 'task-config'; readonly task: ConnectorTaskId; readonly config: ConnectorConfig }
  | { readonly type: 'task-commit'; readonly connector: string; readonly taskCount: number | null }
  | { readonly type: 'target-state'; readonly connector: string; readonly state: TargetState | null }
  | { readonly type: 'restart-request'; readonly connector: string; readonly request: RestartRequest }
  /** Well-formed but meaningless to Sluice (another Connect feature). */
  | { readonly type: 'ignored'; readonly key: string }
  /** Malformed: skipped, as Connect skips it, with the reason for the log. */
  | { readonly type: 'invalid'; readonly key: string; readonly reason: string };

export const configKeys = Object.freeze({
  connector: (connector: string) => CONNECTOR_PREFIX + connector,
  task: (task: ConnectorTaskId) => `${TASK_PREFIX}${task.connector}-${task.task}`,
  commit: (connector: string) => COMMIT_PREFIX + connector,
  targetState: (connector: string) => TARGET_STATE_PREFIX + connector,
  restart: (connector: string) => RESTART_PREFIX + connector,
});

export interface EncodedRecord {
  readonly key: Buffer;
  readonly value: Buffer | null;
}

function record(key: string, value: unknown): EncodedRecord {
  return { key: Buffer.from(key, 'utf8'), value: value === null ? null : encodeJson(value) };
}

export function connectorConfigRecord(connector: string, config: ConnectorConfig | null): EncodedRecord {
  return record(configKeys.connector(connector), config === null ? null : { properties: config });
}

export function taskConfigRecord(task: ConnectorTaskId, config: ConnectorConfig): EncodedRecord {
  return record(configKeys.task(task), { properties: config });
}

export function taskCommitRecord(connector: string, taskCount: number): EncodedRecord {
  return record(configKeys.commit(connector), { tasks: taskCount });
}

export function targetStateRecord(connector: string, state: TargetState | null): EncodedRecord {
  return record(configKeys.targetState(connector), state === null ? null : { state: state === 'STOPPED' ? 'PAUSED' : state, 'state.v2': state });
}

export function restartRequestRecord(connector: string, request: RestartRequest): EncodedRecord {
  return record(configKeys.restart(connector), { 'include-tasks': request.includeTasks, 'only-failed': request.onlyFailed });
}

/** Classifies one config-topic record. Throws SyntaxError only when the value is not JSON at all. */
export function decodeConfigRecord(keyBytes: Buffer | null, valueBytes: Buffer | null): ConfigRecord {
  const key = keyBytes?.toString('utf8') ?? '';
  const value = valueBytes === null ? null : decodeJson(valueBytes);
  if (key.startsWith(TARGET_STATE_PREFIX)) return decodeTargetState(key, key.slice(TARGET_STATE_PREFIX.length), value);
  if (key.startsWith(CONNECTOR_PREFIX)) {
    const connector = key.slice(CONNECTOR_PREFIX.length);
    if (value === null) return { type: 'connector-config', connector, config: null };
    const config = propertiesOf(value);
    return config ? { type: 'connector-config', connector, config } : { type: 'invalid', key, reason: "value has no 'properties' object" };
  }
  if (key.startsWith(TASK_PREFIX)) {
    const task = parseTaskKey(key);
    if (!task) return { type: 'invalid', key, reason: 'not a task-<connector>-<number> key' };
    if (value === null) return { type: 'invalid', key, reason: 'task configs are never deleted; a null value is unexpected' };
    const config = propertiesOf(value);
    return config ? { type: 'task-config', task, config } : { type: 'invalid', key, reason: "value has no 'properties' object" };
  }
  if (key.startsWith(COMMIT_PREFIX)) {
    const connector = key.slice(COMMIT_PREFIX.length);
    if (value !== null && !isJsonObject(value)) return { type: 'invalid', key, reason: 'value is not an object' };
    const tasks = value === null ? null : value.tasks;
    if (tasks !== null && !isInteger(tasks)) return { type: 'invalid', key, reason: "'tasks' is not an integer" };
    // A null value still goes through: a commit for a connector that no longer exists clears it.
    return { type: 'task-commit', connector, taskCount: tasks === null ? null : Number(tasks) };
  }
  if (key.startsWith(RESTART_PREFIX)) {
    const connector = key.slice(RESTART_PREFIX.length);
    if (!isJsonObject(value)) return { type: 'invalid', key, reason: 'value is not an object' };
    // Like Connect: a missing or non-boolean flag means false.
    return { type: 'restart-request', connector, request: { includeTasks: value['include-tasks'] === true, onlyFailed: value['only-failed'] === true } };
  }
  if (IGNORED_KEYS.includes(key) || IGNORED_PREFIXES.some((p) => key.startsWith(p))) return { type: 'ignored', key };
  return { type: 'invalid', key, reason: 'unknown key' };
}

function decodeTargetState(key: string, connector: string, value: unknown): ConfigRecord {
  if (value === null) return { type: 'target-state', connector, state: null };
  if (!isJsonObject(value)) return { type: 'invalid', key, reason: 'value is not an object' };
  // state.v2 wins when it is a string; older workers wrote only "state".
  const raw = typeof value['state.v2'] === 'string' ? value['state.v2'] : value.state;
  if (typeof raw !== 'string') return { type: 'invalid', key, reason: "no string 'state' or 'state.v2'" };
  if (!TARGET_STATES.includes(raw as TargetState)) return { type: 'invalid', key, reason: `unknown target state '${raw}'` };
  return { type: 'target-state', connector, state: raw as TargetState };
}

function propertiesOf(value: unknown): ConnectorConfig | undefined {
  if (!isJsonObject(value) || !isJsonObject(value.properties)) return undefined;
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(value.properties)) if (typeof v === 'string') config[k] = v;
  return config;
}

/** `task-<connector>-<n>`: the connector name may itself contain dashes; the task number is last. */
export function parseTaskKey(key: string): ConnectorTaskId | undefined {
  const parts = key.split('-');
  if (parts.length < 3) return undefined;
  const last = parts[parts.length - 1];
  if (!/^-?\d+$/.test(last)) return undefined;
  const task = Number(last);
  if (!Number.isSafeInteger(task)) return undefined;
  return { connector: parts.slice(1, -1).join('-'), task };
}

function isInteger(value: unknown): value is number | bigint {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
}
