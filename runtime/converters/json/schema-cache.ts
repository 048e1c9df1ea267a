/**
 * Parsed envelope schemas by their JSON text, least recently used evicted first. Besides saving the
 * parse, it makes records that share a schema share one Schema object, so sinks can compare by identity.
 */
import type { Schema } from '../../../connectors/sdk/index.ts';

export class SchemaCache {
  readonly #capacity: number;
  readonly #entries = new Map<string, Schema>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(key: string): Schema | undefined {
    const schema = this.#entries.get(key);
    if (schema !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, schema);
    }
    return schema;
  }

  set(key: string, schema: Schema): void {
    if (this.#capacity === 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, schema);
    if (this.#entries.size > this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
