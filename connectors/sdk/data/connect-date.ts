/**
 * The Date logical type: INT32 days since 1970-01-01 (negative before it). Values are JS Dates at
 * midnight UTC. Named ConnectDate because exporting `Date` would shadow the global in plugin code.
 */
import { DataException } from '../errors.ts';
import { checkDate, checkName, checkedDate } from './logical-checks.ts';
import { DATE_LOGICAL_NAME, MILLIS_PER_DAY } from './logical-names.ts';
import type { Schema } from './schema.ts';
import { SchemaBuilder } from './schema-builder.ts';

const builder = (): SchemaBuilder => SchemaBuilder.int32().name(DATE_LOGICAL_NAME).version(1);

export const ConnectDate = Object.freeze({
  LOGICAL_NAME: DATE_LOGICAL_NAME,
  SCHEMA: builder().build(),
  builder,
  /** Date at midnight UTC -> days since the epoch. */
  fromLogical(schema: Schema, value: Date): number {
    checkName(schema, DATE_LOGICAL_NAME);
    const millis = checkDate(value, 'Date');
    if (millis % MILLIS_PER_DAY !== 0) {
      throw new DataException(`Date values must be at midnight UTC (no time of day), got ${value.toISOString()}`);
    }
    return millis / MILLIS_PER_DAY;
  },
  /** Days since the epoch -> Date at midnight UTC. */
  toLogical(schema: Schema, days: number): Date {
    checkName(schema, DATE_LOGICAL_NAME);
    if (!Number.isInteger(days) || days < -(2 ** 31) || days >= 2 ** 31) throw new DataException(`Date needs an int32 number of days, got ${days}`);
    return checkedDate(days * MILLIS_PER_DAY, 'Date');
  },
});
