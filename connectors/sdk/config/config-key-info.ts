/** Describes each config key for GET /connector-plugins/{p}/config, derived from the config schema. */
import type { ConfigImportance, ConfigPropertySchema, ConfigSchema, ConfigWidth, ConnectConfigType } from './config-schema.ts';
import { configText } from './config-text.ts';

export interface ConfigKeyInfo {
  readonly name: string;
  readonly type: ConnectConfigType;
  readonly required: boolean;
  readonly defaultValue: string | null;
  readonly importance: Uppercase<ConfigImportance>;
  readonly documentation: string | null;
  readonly group: string | null;
  readonly orderInGroup: number;
  readonly width: Uppercase<ConfigWidth>;
  readonly displayName: string;
  readonly dependents: readonly string[];
}

export function describeConfigKeys(schema: ConfigSchema): ConfigKeyInfo[] {
  const required = new Set(schema.required ?? []);
  const positions = new Map<string | null, number>();
  return Object.entries(schema.properties).map(([name, property]) => {
    const group = property['x-group'] ?? null;
    const position = positions.get(group) ?? 0;
    positions.set(group, position + 1);
    return Object.freeze({
      name,
      type: connectType(property),
      required: required.has(name) && property.default === undefined,
      defaultValue: property.default === undefined ? null : configText(property.default),
      importance: (property['x-importance'] ?? 'medium').toUpperCase() as Uppercase<ConfigImportance>,
      documentation: property.description ?? null,
      group,
      orderInGroup: property['x-order'] ?? position,
      width: (property['x-width'] ?? 'none').toUpperCase() as Uppercase<ConfigWidth>,
      displayName: property['x-display-name'] ?? name,
      dependents: Object.freeze([...(property['x-dependents'] ?? [])]),
    });
  });
}

export function connectType(property: ConfigPropertySchema): ConnectConfigType {
  if (property['x-type']) return property['x-type'];
  if (property.writeOnly) return 'PASSWORD';
  const types = typeof property.type === 'string' ? [property.type] : (property.type ?? []);
  if (types.includes('array')) return 'LIST';
  if (types.includes('boolean')) return 'BOOLEAN';
  if (types.includes('integer')) return 'INT';
  if (types.includes('number')) return 'DOUBLE';
  return 'STRING';
}
