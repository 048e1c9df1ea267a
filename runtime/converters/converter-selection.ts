/**
 * Which converter a task uses for keys or values, as Connect decides it: the connector's
 * key.converter / value.converter when set, with the connector's `<that key>.*` settings; otherwise the
 * worker's, with the worker's settings. The two levels are not merged: a connector that names its own
 * converter does not inherit the worker's settings for it.
 */
import { ConfigException, type Converter } from '../../connectors/sdk/index.ts';
import type { ConverterRegistry } from './converter-registry.ts';

export type ConverterRole = 'key' | 'value';

export interface ConverterSelection {
  readonly name: string;
  /** Settings with the "<role>.converter." prefix removed. */
  readonly configs: Readonly<Record<string, string>>;
  readonly isKey: boolean;
  readonly source: 'connector' | 'worker';
}

export function selectConverter(
  role: ConverterRole,
  connectorProps: Readonly<Record<string, string>>,
  workerProps: Readonly<Record<string, string>>,
): ConverterSelection {
  const key = `${role}.converter`;
  const [source, props] = connectorProps[key] ? (['connector', connectorProps] as const) : (['worker', workerProps] as const);
  const name = props[key]?.trim();
  if (!name) throw new ConfigException(`${key} is set neither on the connector nor on the worker`, { key });
  const prefix = `${key}.`;
  const configs = Object.fromEntries(Object.entries(props).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
  return Object.freeze({ name, configs: Object.freeze(configs), isKey: role === 'key', source });
}

/** Creates and configures the selected converter; config errors name the prefixed key the user wrote. */
export function createConverter(registry: ConverterRegistry, selection: ConverterSelection): Converter {
  const role = selection.isKey ? 'key' : 'value';
  const converter = registry.create(selection.name);
  try {
    converter.configure(selection.configs, selection.isKey);
  } catch (error) {
    if (!(error instanceof ConfigException)) throw error;
    const key = error.key ? `${role}.converter.${error.key}` : `${role}.converter`;
    throw new ConfigException(`${key} (${selection.source} config): ${error.message}`, { key, value: error.value, cause: error });
  }
  return converter;
}
