import { ConfigDef } from '../../../connectors/sdk/index.ts';
import schema from '../../../schemas/json-converter-config.json' with { type: 'json' };

export interface JsonConverterConfig {
  readonly 'schemas.enable': boolean;
  readonly 'schemas.cache.size': number;
  readonly 'decimal.format': 'BASE64' | 'NUMERIC';
  readonly 'replace.null.with.default': boolean;
  readonly 'converter.type'?: 'key' | 'value' | 'header';
}

export const JSON_CONVERTER_CONFIG = new ConfigDef<JsonConverterConfig>(schema);
