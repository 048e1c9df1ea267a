// Wire codes of DescribeConfigs' config sources, config types and resource types.
import type { ConfigSource } from '../../log/effective-topic-config.ts';
import type { ConfigType } from '../../log/config-value.ts';

export const ResourceType = Object.freeze({ TOPIC: 2, GROUP: 3, BROKER: 4, BROKER_LOGGER: 8 });

const SOURCE_CODES: Record<ConfigSource, number> = {
  DYNAMIC_TOPIC_CONFIG: 1,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
};

const TYPE_CODES: Record<ConfigType, number> = { boolean: 1, string: 2, int: 3, long: 5, double: 6, list: 7 };

export function configSourceCode(source: ConfigSource): number {
  return SOURCE_CODES[source];
}

export function configTypeCode(type: ConfigType): number {
  return TYPE_CODES[type];
}
