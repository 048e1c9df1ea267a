/**
 * Converter classes by the names users configure: Connect's class names (so existing configs carry
 * over), their simple names, and short aliases. Plugin converters are registered by the plugin loader.
 */
import { ConfigException, type Converter } from '../../connectors/sdk/index.ts';
import { ByteArrayConverter } from './byte-array-converter.ts';
import { JsonConverter } from './json/json-converter.ts';
import { StringConverter } from './string-converter.ts';

export type ConverterFactory = () => Converter;

export class ConverterRegistry {
  readonly #factories = new Map<string, ConverterFactory>();

  register(names: readonly string[], factory: ConverterFactory): this {
    for (const name of names) {
      if (this.#factories.has(name)) throw new ConfigException(`Converter name "${name}" is already registered`, { key: name });
    }
    for (const name of names) this.#factories.set(name, factory);
    return this;
  }

  has(name: string): boolean {
    return this.#factories.has(name);
  }

  names(): string[] {
    return [...this.#factories.keys()];
  }

  /** A new, unconfigured converter. */
  create(name: string): Converter {
    const factory = this.#factories.get(name);
    if (!factory) throw new ConfigException(`Unknown converter "${name}"; known converters: ${this.names().join(', ')}`, { value: name });
    return factory();
  }
}

export function builtinConverters(): ConverterRegistry {
  return new ConverterRegistry()
    .register(['org.apache.kafka.connect.json.JsonConverter', 'JsonConverter', 'json'], () => new JsonConverter())
    .register(['org.apache.kafka.connect.storage.StringConverter', 'StringConverter', 'string'], () => new StringConverter())
    .register(['org.apache.kafka.connect.converters.ByteArrayConverter', 'ByteArrayConverter', 'bytes'], () => new ByteArrayConverter());
}
