/**
 * Config bodies may carry numbers and booleans where Connect expects strings ("tasks.max": 1
 * is common in the wild, and Connect's JSON reader turns scalars into their text); the
 * herder always sees strings.
 */
import type { ConnectorConfig } from '../herder/connect-types.ts';

export type ConfigBody = Record<string, string | number | boolean>;
export type ConfigPatchBody = Record<string, string | number | boolean | null>;

export function configFromBody(body: ConfigBody): ConnectorConfig {
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));
}

export function patchFromBody(body: ConfigPatchBody): Record<string, string | null> {
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v === null ? null : String(v)]));
}
