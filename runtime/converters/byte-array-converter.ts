/** Kafka Connect's ByteArrayConverter: bytes pass through untouched; only BYTES schemas are accepted. */
import { DataException, Schema, SchemaAndValue, type ConnectHeaders, type Converter } from '../../connectors/sdk/index.ts';

export class ByteArrayConverter implements Converter {
  configure(_configs: Readonly<Record<string, unknown>>, _isKey: boolean): void {}

  fromConnectData(_topic: string, _headers: ConnectHeaders | null, schema: Schema | null, value: unknown): Buffer | null {
    if (schema !== null && schema.type !== 'bytes') {
      throw new DataException(`ByteArrayConverter only writes bytes schemas, got ${schema}; use another converter for this data`, { code: 'DATA_CONVERSION_FAILED' });
    }
    if (value === null || value === undefined) return null;
    if (!(value instanceof Uint8Array)) {
      throw new DataException(`ByteArrayConverter needs a Uint8Array or Buffer value, got ${typeof value === 'object' ? value.constructor?.name : typeof value}`, {
        code: 'DATA_CONVERSION_FAILED',
      });
    }
    return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.length);
  }

  toConnectData(_topic: string, _headers: ConnectHeaders | null, bytes: Uint8Array | null): SchemaAndValue {
    return new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, bytes);
  }
}
