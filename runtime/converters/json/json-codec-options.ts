import type { Schema } from '../../../connectors/sdk/index.ts';

/** The JsonConverter settings the value codecs need. */
export interface JsonCodecOptions {
  readonly decimalFormat: 'BASE64' | 'NUMERIC';
  readonly replaceNullWithDefault: boolean;
}

/** `field "a.b"` or, at the top, `value`; for error messages. */
export function describeAt(path: string): string {
  return path === '' ? 'value' : `field "${path}"`;
}

export function fieldPath(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/** Why a null is refused: no default, or a default that replace.null.with.default=false leaves unused. */
export function requiredReason(schema: Schema): string {
  return schema.defaultValue === null ? 'has no default' : 'its default is not applied (replace.null.with.default=false)';
}
