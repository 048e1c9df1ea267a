/** The Timestamp logical type: INT64 milliseconds since the epoch. Values are JS Dates. */
import { DataException } from '../errors.ts';
import { checkDate, checkName, checkedDate } from './logical-checks.ts';
import { TIMESTAMP_LOGICAL_NAME } from './logical-names.ts';
import type { Schema } from './schema.ts';
import { SchemaBuilder } from './schema-builder.ts';

const builder = (): SchemaBuilder => SchemaBuilder.int64().name(TIMESTAMP_LOGICAL_NAME).version(1);

export const Timestamp = Object.freeze({
  LOGICAL_NAME: TIMESTAMP_LOGICAL_NAME,
  SCHEMA: builder().build(),
  builder,
  /** Date -> milliseconds since the epoch (always a safe integer, so a number). */
  fromLogical(schema: Schema, value: Date): number {
    checkName(schema, TIMESTAMP_LOGICAL_NAME);
    return checkDate(value, 'Timestamp');
  },
  toLogical(schema: Schema, millis: number | bigint): Date {
    checkName(schema, TIMESTAMP_LOGICAL_NAME);
    if (typeof millis === 'bigint') {
      if (millis > BigInt(Number.MAX_SAFE_INTEGER) || millis < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new DataException(`Timestamp ${millis} ms since the epoch is outside the range of JS Dates`);
      }
      millis = Number(millis);
    }
    if (!Number.isInteger(millis)) throw new DataException(`Timestamp needs integer milliseconds, got ${millis}`);
    return checkedDate(millis, 'Timestamp');
  },
});
