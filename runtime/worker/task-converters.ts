/**
 * A task's key and value converters, chosen as Connect chooses them (connector's key.converter /
 * value.converter, else the worker's) and configured once. There is no header converter: header values
 * travel as text or bytes (header-bytes.ts).
 */
import type { Converter } from '../../connectors/sdk/index.ts';
import { createConverter, selectConverter, type ConverterRegistry } from '../converters/index.ts';

export interface TaskConverters {
  readonly key: Converter;
  readonly value: Converter;
  /** Their class names, as error reports show them (Connect's `class.name`). */
  readonly keyClassName: string;
  readonly valueClassName: string;
}

export function createTaskConverters(
  registry: ConverterRegistry,
  connectorConfig: Readonly<Record<string, string>>,
  workerProps: Readonly<Record<string, string>>,
): TaskConverters {
  const key = createConverter(registry, selectConverter('key', connectorConfig, workerProps));
  const value = createConverter(registry, selectConverter('value', connectorConfig, workerProps));
  return { key, value, keyClassName: converterName(key), valueClassName: converterName(value) };
}

export async function closeTaskConverters(converters: TaskConverters | undefined): Promise<void> {
  if (!converters) return;
  for (const converter of [converters.key, converters.value]) await Promise.resolve(converter.close?.()).catch(() => {});
}

/** The class name error reports show for a converter (Connect's `class.name`). */
export function converterName(converter: Converter): string {
  return converter.constructor.name;
}
