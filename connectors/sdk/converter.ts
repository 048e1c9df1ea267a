/**
 * Turns Connect data into the bytes of a Kafka record key or value and back. The runtime creates one
 * converter for keys and one for values per task (from key.converter / value.converter), calls
 * configure() once, then converts every record. Built-in converters are synchronous; a converter may
 * return promises (e.g. one that fetches schemas from a registry) and the runtime awaits them.
 */
import type { ConfigDef } from './config/config-def.ts';
import type { Schema } from './data/schema.ts';
import type { SchemaAndValue } from './data/schema-and-value.ts';
import type { ConnectHeaders } from './header/connect-headers.ts';
import type { MaybePromise } from './maybe-promise.ts';

export interface Converter {
  /** The converter's own settings (prefix stripped: "schemas.enable", not "value.converter.schemas.enable"). */
  configure(configs: Readonly<Record<string, unknown>>, isKey: boolean): void;
  /** null means a null key or value (a tombstone, for values). */
  fromConnectData(topic: string, headers: ConnectHeaders | null, schema: Schema | null, value: unknown): MaybePromise<Buffer | null>;
  toConnectData(topic: string, headers: ConnectHeaders | null, bytes: Uint8Array | null): MaybePromise<SchemaAndValue>;
  /** The settings configure() accepts, for docs and validation. */
  config?(): ConfigDef<unknown>;
  close?(): MaybePromise<void>;
}

/** A converter class as a plugin module exports it. */
export type ConverterClass = new () => Converter;
