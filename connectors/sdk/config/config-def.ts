/**
 * A config definition compiled from its JSON Schema (see config-schema.ts): `parse` turns the string
 * props Connect passes into typed, defaulted, frozen values or throws a ConfigException naming every
 * bad key; `validate` answers per key for /config/validate; `keys` describes the keys for
 * /connector-plugins/{p}/config. Compiled once, when the ConfigDef is created, so a bad schema fails
 * at plugin load rather than at the first config.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ConfigException } from '../errors.ts';
import { describeConfigKeys, type ConfigKeyInfo } from './config-key-info.ts';
import { CONFIG_KEYWORDS } from './config-keywords.ts';
import type { ConfigSchema, JsonConfigSchema } from './config-schema.ts';
import { configText } from './config-text.ts';
import type { ConfigValidationResult, ConfigValue } from './config-validation.ts';
import { prepareProps } from './connect-props.ts';

export type ConfigInput = Readonly<Record<string, unknown>>;

const HIDDEN = '[hidden]';

interface Finding {
  readonly key: string | null;
  readonly message: string;
}

export class ConfigDef<T = Record<string, unknown>> {
  readonly schema: ConfigSchema;
  readonly #check: ValidateFunction;
  #keys: readonly ConfigKeyInfo[] | null = null;

  constructor(definition: ConfigSchema | JsonConfigSchema) {
    const schema = definition as ConfigSchema;
    if (typeof schema?.properties !== 'object' || schema.properties === null) {
      throw new ConfigException('Invalid config schema: it must be an object schema with "properties"', { code: 'CONFIG_SCHEMA_INVALID' });
    }
    const title = schema.$id ?? (typeof schema.title === 'string' ? schema.title : '(untitled)');
    const undeclared = (schema.required ?? []).filter((key) => !Object.hasOwn(schema.properties, key));
    if (undeclared.length > 0) {
      throw new ConfigException(`Invalid config schema ${title}: required keys missing from "properties": ${undeclared.join(', ')}`, { code: 'CONFIG_SCHEMA_INVALID' });
    }
    // strictRequired is off because rules such as oneOf: [{required: [a]}, {required: [b]}] name keys
    // declared at the top; the check above covers what it would catch there.
    const ajv = new Ajv({
      allErrors: true, strict: true, strictRequired: false, coerceTypes: true, useDefaults: true, allowUnionTypes: true, keywords: [...CONFIG_KEYWORDS],
    });
    try {
      this.#check = ajv.compile(schema);
    } catch (error) {
      throw new ConfigException(`Invalid config schema ${title}: ${(error as Error).message}`, { code: 'CONFIG_SCHEMA_INVALID', cause: error });
    }
    this.schema = schema;
    const badDefaults = this.#run({}).findings.filter((finding) => finding.key !== null && schema.properties[finding.key]?.default !== undefined);
    if (badDefaults.length > 0) {
      throw new ConfigException(`Invalid config schema ${title}: a default does not satisfy its own schema: ${badDefaults.map((f) => f.message).join('; ')}`, {
        code: 'CONFIG_SCHEMA_INVALID',
      });
    }
  }

  /** Declared key names, in declaration order. */
  get names(): string[] {
    return Object.keys(this.schema.properties);
  }

  /** Typed values with defaults applied (undeclared keys pass through as given), frozen. */
  parse(props: ConfigInput): Readonly<T> {
    const { data, findings } = this.#run(props);
    if (findings.length > 0) {
      const first = findings[0];
      throw new ConfigException(`Invalid configuration: ${findings.map((f) => f.message).join('; ')}`, {
        key: first.key ?? undefined,
        value: first.key === null ? undefined : props[first.key],
      });
    }
    return Object.freeze(data) as Readonly<T>;
  }

  validate(props: ConfigInput): ConfigValidationResult {
    const { data, findings } = this.#run(props);
    const byKey = new Map<string, string[]>();
    const general: string[] = [];
    for (const finding of findings) {
      if (finding.key === null) general.push(finding.message);
      else byKey.set(finding.key, [...(byKey.get(finding.key) ?? []), finding.message]);
    }
    const configs: ConfigValue[] = Object.entries(this.schema.properties).map(([name, property]) => {
      const errors = byKey.get(name) ?? [];
      byKey.delete(name);
      const value = errors.length > 0 && props[name] !== undefined ? props[name] : data[name];
      return {
        name,
        value: value === undefined || value === null ? null : property.writeOnly ? HIDDEN : configText(value),
        recommendedValues: (property.enum ?? []).map(configText),
        errors,
        visible: true,
      };
    });
    for (const [name, errors] of byKey) {
      configs.push({ name, value: props[name] === undefined ? null : configText(props[name]), recommendedValues: [], errors, visible: true });
    }
    return { configs, errors: general };
  }

  keys(): readonly ConfigKeyInfo[] {
    this.#keys ??= Object.freeze(describeConfigKeys(this.schema));
    return this.#keys;
  }

  #run(props: ConfigInput): { data: Record<string, unknown>; findings: Finding[] } {
    const data = prepareProps(this.schema, props);
    if (this.#check(data)) return { data, findings: [] };
    const findings = (this.#check.errors ?? []).filter((error) => error.keyword !== 'if').map((error) => this.#finding(error, props, data));
    return { data, findings: dedupe(findings) };
  }

  #finding(error: ErrorObject, props: ConfigInput, data: Record<string, unknown>): Finding {
    const [first, ...rest] = error.instancePath.split('/').slice(1).map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required' || error.keyword === 'dependencies') {
      const key = String(params.missingProperty);
      const because = error.keyword === 'dependencies' ? ` (needed because "${String(params.property)}" is set)` : ' which has no default value';
      return { key, message: `Missing required configuration "${key}"${because}.` };
    }
    const key = first ?? (typeof params.additionalProperty === 'string' ? params.additionalProperty : null);
    if (key === null) return { key: null, message: `Invalid configuration: ${error.message ?? error.keyword}` };
    const property = this.schema.properties[key];
    const shown = property?.writeOnly ? HIDDEN : JSON.stringify(props[key] ?? data[key] ?? null);
    const where = rest.length > 0 ? ` (item ${rest.join('/')})` : '';
    const what = error.keyword === 'enum'
      ? `must be one of ${(params.allowedValues as unknown[]).map(configText).join(', ')}`
      : error.keyword === 'additionalProperties' ? 'is not a known configuration' : (error.message ?? error.keyword);
    return { key, message: `Invalid value ${shown} for configuration "${key}"${where}: ${what}` };
  }
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => !seen.has(finding.message) && seen.add(finding.message));
}
