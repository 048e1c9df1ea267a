/**
 * The SDK's config descriptions (camelCase, from a plugin's JSON Schema) as Connect's REST answers spell
 * them: GET /connector-plugins/{p}/config entries and PUT .../config/validate answers.
 */
import type { ConfigKeyInfo as SdkConfigKeyInfo, ConfigValue } from '../../connectors/sdk/index.ts';
import type { ConfigInfos, ConfigKeyInfo } from './connect-types.ts';

export type ConfigEntry = ConfigInfos['configs'][number];

export function restKeyInfo(key: SdkConfigKeyInfo): ConfigKeyInfo {
  return {
    name: key.name,
    type: key.type,
    required: key.required,
    default_value: key.defaultValue,
    importance: key.importance,
    documentation: key.documentation ?? '',
    group: key.group,
    order_in_group: key.orderInGroup,
    width: key.width,
    display_name: key.displayName,
    dependents: [...key.dependents],
  };
}

/** The definition shown for a key that no schema declares but that has an error. */
export function undeclaredKeyInfo(name: string): ConfigKeyInfo {
  return {
    name, type: 'STRING', required: false, default_value: null, importance: 'LOW', documentation: '', group: null, order_in_group: -1, width: 'NONE', display_name: name, dependents: [],
  };
}

export function configEntry(definition: ConfigKeyInfo, value: ConfigValue): ConfigEntry {
  return {
    definition,
    value: { name: value.name, value: value.value, recommended_values: [...value.recommendedValues], errors: [...value.errors], visible: value.visible },
  };
}

/** Entries in order; an entry for a name already present adds its errors to the first. */
export function configInfos(name: string, entries: readonly ConfigEntry[]): ConfigInfos {
  const byName = new Map<string, ConfigEntry>();
  for (const entry of entries) {
    const existing = byName.get(entry.value.name);
    if (!existing) byName.set(entry.value.name, entry);
    else for (const error of entry.value.errors) if (!existing.value.errors.includes(error)) existing.value.errors.push(error);
  }
  const configs = [...byName.values()];
  const groups = [...new Set(configs.map((c) => c.definition.group).filter((g): g is string => g !== null && g !== ''))];
  return { name, error_count: configs.reduce((n, c) => n + c.value.errors.length, 0), groups, configs };
}

/** Per-field errors of a validation answer, for RuntimeError INVALID_CONFIG. */
export function fieldErrors(infos: ConfigInfos): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of infos.configs) if (c.value.errors.length > 0) out[c.value.name] = [...c.value.errors];
  return out;
}
