/** The built-in schemas, written in the same spec format users give in schema.fields. */
import type { QuickstartName } from './config.ts';
import { fieldSpec, type FieldSpec } from './field-spec.ts';

export interface Quickstart {
  /** Keys are this prefix followed by a number from 1 to key.space. */
  readonly keyPrefix: string;
  readonly fields: ReadonlyMap<string, FieldSpec>;
}

function quickstart(keyPrefix: string, fields: Readonly<Record<string, unknown>>): Quickstart {
  return Object.freeze({ keyPrefix, fields: new Map(Object.entries(fields).map(([name, spec]) => [name, fieldSpec(name, spec)])) });
}

export const QUICKSTARTS: Readonly<Record<QuickstartName, Quickstart>> = Object.freeze({
  users: quickstart('User_', {
    registertime: 'timestamp',
    userid: 'key',
    regionid: { type: 'string', prefix: 'Region_', min: 1, max: 9 },
    gender: { type: 'string', values: ['FEMALE', 'MALE', 'OTHER'] },
  }),
  orders: quickstart('Customer_', {
    ordertime: 'now',
    orderid: 'seq',
    customerid: 'key',
    itemid: { type: 'string', prefix: 'Item_', min: 1, max: 500 },
    quantity: { type: 'int', min: 1, max: 10 },
    price: { type: 'double', min: 0.5, max: 500, decimals: 2 },
  }),
  pageviews: quickstart('User_', {
    viewtime: 'now',
    userid: 'key',
    pageid: { type: 'string', prefix: 'Page_', min: 1, max: 100 },
  }),
});

/** Keys of records from schema.fields specs. */
export const CUSTOM_KEY_PREFIX = 'Key_';
