/**
 * The answer to "is this config valid?", per key, shaped like Connect's ConfigValue so the REST layer
 * maps it directly onto /config/validate. Connectors overriding validate() add their own findings by
 * pushing onto an entry's `errors` (or the result's `errors` when no single key is at fault).
 */
export interface ConfigValue {
  readonly name: string;
  /** The effective value as text (after defaults; "[hidden]" for writeOnly keys), null if unset. */
  readonly value: string | null;
  readonly recommendedValues: string[];
  readonly errors: string[];
  readonly visible: boolean;
}

export interface ConfigValidationResult {
  /** One entry per declared key, in declaration order, then any undeclared key with an error. */
  readonly configs: ConfigValue[];
  /** Problems not attributable to one key (e.g. "set exactly one of a or b"). */
  readonly errors: string[];
}

export function errorCount(result: ConfigValidationResult): number {
  return result.errors.length + result.configs.reduce((sum, config) => sum + config.errors.length, 0);
}

/** The entry for `name`, to add errors to it. */
export function configValue(result: ConfigValidationResult, name: string): ConfigValue | undefined {
  return result.configs.find((config) => config.name === name);
}
