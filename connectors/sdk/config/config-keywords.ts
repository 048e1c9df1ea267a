/** The `x-` annotation keywords of config schemas (see config-schema.ts), checked when a schema compiles. */
import type { KeywordDefinition } from 'ajv';

export const CONFIG_KEYWORDS: readonly KeywordDefinition[] = [
  { keyword: 'x-importance', metaSchema: { enum: ['high', 'medium', 'low'] } },
  { keyword: 'x-group', metaSchema: { type: 'string' } },
  { keyword: 'x-order', metaSchema: { type: 'integer' } },
  { keyword: 'x-width', metaSchema: { enum: ['none', 'short', 'medium', 'long'] } },
  { keyword: 'x-display-name', metaSchema: { type: 'string' } },
  { keyword: 'x-dependents', metaSchema: { type: 'array', items: { type: 'string' } } },
  { keyword: 'x-type', metaSchema: { enum: ['BOOLEAN', 'STRING', 'INT', 'SHORT', 'LONG', 'DOUBLE', 'LIST', 'CLASS', 'PASSWORD'] } },
  { keyword: 'x-case-insensitive', metaSchema: { type: 'boolean' } },
];
