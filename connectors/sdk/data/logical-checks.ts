/** Argument checks shared by the Date, Time and Timestamp logical types. */
import { DataException } from '../errors.ts';
import type { Schema } from './schema.ts';

export function checkName(schema: Schema, name: string): void {
  if (schema.name !== name) {
    throw new DataException(`Expected a ${name} schema, got ${schema}`, { code: 'DATA_SCHEMA_INVALID' });
  }
}

export function checkDate(value: unknown, type: string): number {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new DataException(`${type} values must be valid JS Dates, got ${value instanceof Date ? 'an invalid Date' : typeof value}`);
  }
  return value.getTime();
}

/** A Date for these milliseconds, or a DataException when JS Dates cannot hold them (beyond ±8.64e15 ms). */
export function checkedDate(millis: number, type: string): Date {
  const date = new Date(millis);
  if (Number.isNaN(date.getTime())) throw new DataException(`${type} ${millis} ms since the epoch is outside the range of JS Dates`);
  return date;
}
