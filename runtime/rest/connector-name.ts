/**
 * Connector names as Connect accepts them: POST /connectors trims the name the way
 * Java's String.trim does (every character up to U+0020 at either end); a name must then
 * be non-empty and free of control characters, because it ends up in URLs, record keys
 * of the config topic and log lines.
 */
import type { ConnectorConfig } from '../herder/connect-types.ts';
import { RuntimeError, RuntimeErrors } from '../errors.ts';

export function trimConnectorName(name: string): string {
  let start = 0;
  let end = name.length;
  while (start < end && name.charCodeAt(start) <= 0x20) start++;
  while (end > start && name.charCodeAt(end - 1) <= 0x20) end--;
  return name.slice(start, end);
}

// ISO control characters: C0, DEL and C1.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/gu;

export function checkConnectorName(name: string): void {
  let problem: string | undefined;
  if (name === '') problem = 'must not be empty';
  else {
    const found = [...new Set(name.match(CONTROL) ?? [])];
    if (found.length) problem = `must not contain control characters, found ${found.map((c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`).join(', ')}`;
  }
  if (problem) {
    throw new RuntimeError(RuntimeErrors.INVALID_CONFIG, 'Connector configuration is invalid and contains 1 error', { fieldErrors: { name: [problem] } });
  }
}

/**
 * The config with its "name" set to the connector's name. A config that names a different
 * connector is refused: the URL (or the request's name) is what identifies the connector.
 */
export function withConnectorName(name: string, config: ConnectorConfig): ConnectorConfig {
  const included = config.name;
  if (included !== undefined && included !== name) {
    throw new RuntimeError(RuntimeErrors.BAD_REQUEST, `The connector name in the config (${included}) does not match the connector name of the request (${name})`);
  }
  return { ...config, name };
}
