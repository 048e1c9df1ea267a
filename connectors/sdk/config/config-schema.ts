/**
 * A connector's (or converter's) config is declared as a JSON Schema object, the one definition of every
 * key's type, default and documentation. Connect's ConfigDef metadata rides along as `x-` keywords so
 * the REST answers (/connector-plugins/{p}/config, /config/validate) derive from the same schema:
 *
 *   x-importance     "high" | "medium" | "low"         (default "medium")
 *   x-group          group name shown by UIs            (default none)
 *   x-order          order within the group             (default: declaration order)
 *   x-width          "none" | "short" | "medium" | "long" (default "none")
 *   x-display-name   label shown by UIs                 (default: the key)
 *   x-dependents     keys whose validity depends on this one
 *   x-type           Connect's type name when the JSON type does not say it (LONG, SHORT, CLASS, PASSWORD)
 *   x-case-insensitive  true: a string matching an enum value in any case is accepted as that value
 *
 * Standard keywords carry the rest: `type`, `default`, `description` (the documentation), `enum`
 * (recommended values), `minimum`/`pattern`/…, `required` (keys with no default that must be set), and
 * `writeOnly: true` for secrets (Connect's PASSWORD: never echoed back).
 */
export type ConfigImportance = 'high' | 'medium' | 'low';
export type ConfigWidth = 'none' | 'short' | 'medium' | 'long';
export type ConnectConfigType = 'BOOLEAN' | 'STRING' | 'INT' | 'SHORT' | 'LONG' | 'DOUBLE' | 'LIST' | 'CLASS' | 'PASSWORD';

export interface ConfigPropertySchema {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly writeOnly?: boolean;
  readonly items?: ConfigPropertySchema;
  readonly 'x-importance'?: ConfigImportance;
  readonly 'x-group'?: string;
  readonly 'x-order'?: number;
  readonly 'x-width'?: ConfigWidth;
  readonly 'x-display-name'?: string;
  readonly 'x-dependents'?: readonly string[];
  readonly 'x-type'?: ConnectConfigType;
  readonly 'x-case-insensitive'?: boolean;
  readonly [keyword: string]: unknown;
}

export interface ConfigSchema {
  readonly $id?: string;
  readonly type?: string;
  readonly properties: Readonly<Record<string, ConfigPropertySchema>>;
  readonly required?: readonly string[];
  readonly [keyword: string]: unknown;
}

/** A config schema imported from a .json file (TypeScript widens its string values, so it cannot be a ConfigSchema). */
export interface JsonConfigSchema {
  readonly properties: Readonly<Record<string, object>>;
  readonly [keyword: string]: unknown;
}
