/**
 * Connector configs given to a standalone worker on the command line: JSON files holding either what
 * POST /connectors takes, {"name": ..., "config": {...}}, or the flat config itself with its "name"
 * (what Connect's .properties files hold). Numbers and booleans become their text, as over REST.
 */
import { readFile } from 'node:fs/promises';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import type { ConnectorConfig } from './connect-types.ts';

export interface NamedConnectorConfig {
  readonly name: string;
  readonly config: ConnectorConfig;
}

export async function readConnectorConfigFile(path: string): Promise<NamedConnectorConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new RuntimeError(RuntimeErrors.INVALID_CONFIG, `Cannot read connector config file ${path}: ${(error as Error).message}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RuntimeError(RuntimeErrors.INVALID_CONFIG, `Connector config file ${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  return connectorConfigFromJson(parsed, path);
}

export function connectorConfigFromJson(parsed: unknown, origin = 'the connector config'): NamedConnectorConfig {
  if (!isObject(parsed)) throw invalid(origin, 'it must be a JSON object');
  const nested = isObject(parsed.config);
  const raw = nested ? (parsed.config as Record<string, unknown>) : parsed;
  const name = typeof parsed.name === 'string' ? parsed.name.trim() : typeof raw.name === 'string' ? raw.name.trim() : '';
  if (name === '') throw invalid(origin, 'it has no "name"');
  if (nested) {
    const extra = Object.keys(parsed).filter((k) => k !== 'name' && k !== 'config');
    if (extra.length > 0) throw invalid(origin, `unexpected field(s) next to "config": ${extra.join(', ')}`);
  }
  const config: ConnectorConfig = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'object') throw invalid(origin, `"${key}" must be a string, number or boolean`);
    config[key] = String(value);
  }
  if (config.name !== undefined && config.name !== name) throw invalid(origin, `its config names connector "${config.name}" but the file names "${name}"`);
  config.name = name;
  return { name, config };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(origin: string, why: string): RuntimeError {
  return new RuntimeError(RuntimeErrors.INVALID_CONFIG, `Invalid connector config in ${origin}: ${why}`);
}
