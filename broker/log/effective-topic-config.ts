/**
 * Layers a topic's config the way Kafka does: catalogue default < broker-wide default < topic override,
 * and reports where each effective value comes from (DescribeConfigs' source and synonyms).
 */
import { ErrorCode, KafkaProtocolError } from '../protocol/error-codes.ts';
import type { ConfigType, ConfigValue } from './config-value.ts';
import {
  TOPIC_CONFIGS,
  parseTopicConfig,
  requireTopicConfigDefinition,
  topicConfigDefinitionForBrokerKey,
  type TopicConfigDefinition,
} from './topic-configs.ts';

/** Kafka's DescribeConfigs source names for the three layers a topic config can come from. */
export type ConfigSource = 'DYNAMIC_TOPIC_CONFIG' | 'STATIC_BROKER_CONFIG' | 'DEFAULT_CONFIG';

export interface ConfigSynonym {
  readonly name: string;
  readonly value: string;
  readonly source: ConfigSource;
}

export interface EffectiveConfigEntry {
  readonly name: string;
  readonly value: string;
  readonly parsed: ConfigValue;
  readonly source: ConfigSource;
  readonly type: ConfigType;
  readonly readOnly: boolean;
  /** Most specific first, as DescribeConfigs lists them. */
  readonly synonyms: readonly ConfigSynonym[];
}

export type TopicConfigOverrides = Readonly<Record<string, string>>;
export type RawConfigMap = Readonly<Record<string, string | number | boolean>>;

/** Broker-wide defaults for topic configs, validated once when the broker starts. */
export class BrokerTopicDefaults {
  private readonly values: ReadonlyMap<string, string>;

  private constructor(values: ReadonlyMap<string, string>) {
    this.values = values;
  }

  static readonly none = new BrokerTopicDefaults(new Map());

  /** Keys may be topic-level names ('retention.ms') or Kafka's broker names ('log.retention.ms'). */
  static from(raw: RawConfigMap | undefined): BrokerTopicDefaults {
    const values = new Map<string, string>();
    for (const [key, rawValue] of Object.entries(raw ?? {})) {
      const definition = topicConfigDefinitionForBrokerKey(key);
      if (!definition) throw new KafkaProtocolError(ErrorCode.INVALID_CONFIG, `Unknown broker default for topic config: ${key}`);
      const text = String(rawValue).trim();
      parseTopicConfig(definition, text);
      values.set(definition.name, text);
    }
    return new BrokerTopicDefaults(values);
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }
}

/** Checks names and values of a topic's overrides; returns them trimmed. Throws INVALID_CONFIG. */
export function validateTopicOverrides(raw: RawConfigMap): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const [name, rawValue] of Object.entries(raw)) {
    const definition = requireTopicConfigDefinition(name);
    const text = String(rawValue).trim();
    parseTopicConfig(definition, text);
    overrides[name] = text;
  }
  return overrides;
}

export class EffectiveTopicConfig {
  readonly overrides: TopicConfigOverrides;
  private readonly byName: ReadonlyMap<string, EffectiveConfigEntry>;

  private constructor(overrides: TopicConfigOverrides, byName: ReadonlyMap<string, EffectiveConfigEntry>) {
    this.overrides = overrides;
    this.byName = byName;
  }

  /** Throws INVALID_CONFIG for unknown names, bad values, or values that contradict each other. */
  static resolve(brokerDefaults: BrokerTopicDefaults, rawOverrides: RawConfigMap): EffectiveTopicConfig {
    const overrides = Object.freeze(validateTopicOverrides(rawOverrides));
    const byName = new Map<string, EffectiveConfigEntry>();
    for (const definition of TOPIC_CONFIGS) {
      byName.set(definition.name, resolveEntry(definition, brokerDefaults.get(definition.name), overrides[definition.name]));
    }
    const config = new EffectiveTopicConfig(overrides, byName);
    checkCompactionLags(config);
    return config;
  }

  entry(name: string): EffectiveConfigEntry {
    const entry = this.byName.get(name);
    if (!entry) throw new KafkaProtocolError(ErrorCode.INVALID_CONFIG, `Unknown topic config name: ${name}`);
    return entry;
  }

  entries(): EffectiveConfigEntry[] {
    return [...this.byName.values()];
  }

  value(name: string): ConfigValue {
    return this.entry(name).parsed;
  }

  number(name: string): number {
    return this.value(name) as number;
  }
}

function resolveEntry(
  definition: TopicConfigDefinition,
  brokerValue: string | undefined,
  topicValue: string | undefined,
): EffectiveConfigEntry {
  const synonyms: ConfigSynonym[] = [];
  if (topicValue !== undefined) synonyms.push({ name: definition.name, value: topicValue, source: 'DYNAMIC_TOPIC_CONFIG' });
  if (brokerValue !== undefined) synonyms.push({ name: definition.brokerSynonym, value: brokerValue, source: 'STATIC_BROKER_CONFIG' });
  synonyms.push({ name: definition.brokerSynonym, value: definition.defaultValue, source: 'DEFAULT_CONFIG' });
  const winner = synonyms[0];
  const parsed = parseTopicConfig(definition, winner.value);
  return Object.freeze({
    name: definition.name,
    value: winner.value,
    parsed,
    source: winner.source,
    type: definition.type,
    readOnly: definition.readOnly,
    synonyms: Object.freeze(synonyms),
  });
}

function checkCompactionLags(config: EffectiveTopicConfig): void {
  const min = config.number('min.compaction.lag.ms');
  const max = config.number('max.compaction.lag.ms');
  if (min > max) {
    throw new KafkaProtocolError(
      ErrorCode.INVALID_CONFIG,
      `Invalid value '${min}' for configuration min.compaction.lag.ms: must not exceed max.compaction.lag.ms (${max})`,
    );
  }
}
