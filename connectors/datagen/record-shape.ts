/** Which fields a connector's records have: a quickstart's or the user's schema.fields. */
import { ConfigException } from '../sdk/index.ts';
import type { DatagenConfig } from './config.ts';
import { parseFieldSpecs, type FieldSpec } from './field-spec.ts';
import { CUSTOM_KEY_PREFIX, QUICKSTARTS } from './quickstarts.ts';

export interface RecordShape {
  /** The value schema's name; null for schema.fields, whose shape has no name of its own. */
  readonly name: string | null;
  readonly keyPrefix: string;
  readonly fields: ReadonlyMap<string, FieldSpec>;
}

export function recordShape(config: DatagenConfig): RecordShape {
  const custom = config['schema.fields'];
  if (custom !== undefined && config.quickstart !== undefined) {
    throw new ConfigException('Set either "quickstart" or "schema.fields", not both', { key: 'quickstart', value: config.quickstart });
  }
  if (custom !== undefined) return { name: null, keyPrefix: CUSTOM_KEY_PREFIX, fields: parseFieldSpecs(custom) };
  const name = config.quickstart ?? 'users';
  return { name: `io.sluice.connect.datagen.${name}`, ...QUICKSTARTS[name] };
}
