/** The Time logical type: INT32 milliseconds since midnight. Values are JS Dates on 1970-01-01 UTC. */
import { DataException } from '../errors.ts';
import { checkDate, checkName } from './logical-checks.ts';
import { MILLIS_PER_DAY, TIME_LOGICAL_NAME } from './logical-names.ts';
import type { Schema } from './schema.ts';
import { SchemaBuilder } from './schema-builder.ts';

const builder = (): SchemaBuilder => SchemaBuilder.int32().name(TIME_LOGICAL_NAME).version(1);

// Connect accepts 86400000 itself (24:00:00, which SQL TIME allows), so both directions do too.
function checkRange(millis: number): number {
  if (!Number.isInteger(millis) || millis < 0 || millis > MILLIS_PER_DAY) {
    throw new DataException(`Time values must be between 0 and ${MILLIS_PER_DAY} ms after midnight of 1970-01-01 UTC, got ${millis}`);
  }
  return millis;
}

export const Time = Object.freeze({
  LOGICAL_NAME: TIME_LOGICAL_NAME,
  SCHEMA: builder().build(),
  builder,
  /** Date on 1970-01-01 UTC -> milliseconds since midnight. */
  fromLogical(schema: Schema, value: Date): number {
    checkName(schema, TIME_LOGICAL_NAME);
    return checkRange(checkDate(value, 'Time'));
  },
  toLogical(schema: Schema, millis: number): Date {
    checkName(schema, TIME_LOGICAL_NAME);
    return new Date(checkRange(millis));
  },
});
