/**
 * The Decimal logical type: BYTES holding the unscaled value's two's-complement big-endian bytes, with
 * the scale in the schema parameter "scale". Values are BigDecimal (see big-decimal.ts for why).
 */
import { DataException } from '../errors.ts';
import { BigDecimal } from './big-decimal.ts';
import { DECIMAL_LOGICAL_NAME, DECIMAL_SCALE_PARAMETER } from './logical-names.ts';
import type { Schema } from './schema.ts';
import { SchemaBuilder } from './schema-builder.ts';
import { fromTwosComplement, toTwosComplement } from './twos-complement.ts';

function builder(scale: number): SchemaBuilder {
  if (!Number.isInteger(scale)) throw new DataException(`Decimal scale must be an integer, got ${scale}`, { code: 'DATA_SCHEMA_INVALID' });
  return SchemaBuilder.bytes().name(DECIMAL_LOGICAL_NAME).parameter(DECIMAL_SCALE_PARAMETER, String(scale)).version(1);
}

function scaleOf(schema: Schema): number {
  const text = schema.parameters?.[DECIMAL_SCALE_PARAMETER];
  const scale = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isInteger(scale)) {
    throw new DataException(`Invalid Decimal schema: parameter "${DECIMAL_SCALE_PARAMETER}" must be an integer, got ${JSON.stringify(text ?? null)}`, { code: 'DATA_SCHEMA_INVALID' });
  }
  return scale;
}

function checkName(schema: Schema): void {
  if (schema.name !== DECIMAL_LOGICAL_NAME) throw new DataException(`Expected a Decimal schema, got ${schema}`, { code: 'DATA_SCHEMA_INVALID' });
}

export const Decimal = Object.freeze({
  LOGICAL_NAME: DECIMAL_LOGICAL_NAME,
  SCALE_FIELD: DECIMAL_SCALE_PARAMETER,
  builder,
  schema: (scale: number): Schema => builder(scale).build(),
  scale: scaleOf,
  /** BigDecimal -> wire bytes. The value's scale must equal the schema's (use setScale first). */
  fromLogical(schema: Schema, value: BigDecimal): Uint8Array {
    checkName(schema);
    const scale = scaleOf(schema);
    if (!(value instanceof BigDecimal)) throw new DataException(`Decimal values must be BigDecimal, got ${typeof value}`);
    if (value.scale !== scale) {
      throw new DataException(`Decimal ${value} has scale ${value.scale} but the schema's scale is ${scale}; call setScale(${scale}) first`);
    }
    return toTwosComplement(value.unscaled);
  },
  /** Wire bytes -> BigDecimal with the schema's scale. */
  toLogical(schema: Schema, bytes: Uint8Array): BigDecimal {
    checkName(schema);
    return new BigDecimal(fromTwosComplement(bytes), scaleOf(schema));
  },
});
