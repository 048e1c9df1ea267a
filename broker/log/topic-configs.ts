/**
 * The catalogue of supported topic-level configs: Kafka's names, types and defaults, the broker-level
 * synonym that sets a broker-wide default, a validator, and whether AlterConfigs may change it.
 * DescribeConfigs/AlterConfigs answers are driven from this table.
 */
import {
  anyValue,
  atLeast,
  between,
  nonEmptyListOf,
  oneOf,
  parseConfigValue,
  invalidConfig,
  type ConfigType,
  type ConfigValidator,
  type ConfigValue,
} from './config-value.ts';
import { ErrorCode, KafkaProtocolError } from '../protocol/error-codes.ts';

export interface TopicConfigDefinition {
  readonly name: string;
  readonly type: ConfigType;
  /** Kafka's default, in the string form DescribeConfigs reports. */
  readonly defaultValue: string;
  /** The broker config that sets the broker-wide default for this topic config. */
  readonly brokerSynonym: string;
  readonly readOnly: boolean;
  readonly validate: ConfigValidator;
}

const LONG_MAX = '9223372036854775807';

function config(
  name: string,
  type: ConfigType,
  defaultValue: string,
  brokerSynonym: string,
  validate: ConfigValidator = anyValue,
): TopicConfigDefinition {
  // Kafka lets every topic-level config be altered; the flag exists for DescribeConfigs.
  return Object.freeze({ name, type, defaultValue, brokerSynonym, readOnly: false, validate });
}

export const TOPIC_CONFIGS: readonly TopicConfigDefinition[] = Object.freeze([
  config('cleanup.policy', 'list', 'delete', 'log.cleanup.policy', nonEmptyListOf('delete', 'compact')),
  config('compression.type', 'string', 'producer', 'compression.type',
    oneOf('uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer')),
  config('delete.retention.ms', 'long', '86400000', 'log.cleaner.delete.retention.ms', atLeast(0)),
  config('file.delete.delay.ms', 'long', '60000', 'log.segment.delete.delay.ms', atLeast(0)),
  config('flush.messages', 'long', LONG_MAX, 'log.flush.interval.messages', atLeast(1)),
  // Kafka leaves fsync to the OS (Long.MAX) because replicas provide durability. A single node has no
  // replicas, so we fsync at most once a second: a power failure loses at most ~1 s of acknowledged
  // writes, while a killed process loses nothing because every write already reached the page cache.
  config('flush.ms', 'long', '1000', 'log.flush.interval.ms', atLeast(0)),
  config('index.interval.bytes', 'int', '4096', 'log.index.interval.bytes', atLeast(0)),
  config('max.compaction.lag.ms', 'long', LONG_MAX, 'log.cleaner.max.compaction.lag.ms', atLeast(1)),
  config('max.message.bytes', 'int', '1048588', 'message.max.bytes', atLeast(0)),
  config('message.timestamp.after.max.ms', 'long', LONG_MAX, 'log.message.timestamp.after.max.ms', atLeast(0)),
  config('message.timestamp.before.max.ms', 'long', LONG_MAX, 'log.message.timestamp.before.max.ms', atLeast(0)),
  config('message.timestamp.difference.max.ms', 'long', LONG_MAX, 'log.message.timestamp.difference.max.ms', atLeast(0)),
  config('message.timestamp.type', 'string', 'CreateTime', 'log.message.timestamp.type', oneOf('CreateTime', 'LogAppendTime')),
  config('min.cleanable.dirty.ratio', 'double', '0.5', 'log.cleaner.min.cleanable.ratio', between(0, 1)),
  config('min.compaction.lag.ms', 'long', '0', 'log.cleaner.min.compaction.lag.ms', atLeast(0)),
  config('min.insync.replicas', 'int', '1', 'min.insync.replicas', atLeast(1)),
  config('preallocate', 'boolean', 'false', 'log.preallocate'),
  config('retention.bytes', 'long', '-1', 'log.retention.bytes'),
  config('retention.ms', 'long', '604800000', 'log.retention.ms', atLeast(-1)),
  config('segment.bytes', 'int', '1073741824', 'log.segment.bytes', atLeast(14)),
  config('segment.index.bytes', 'int', '10485760', 'log.index.size.max.bytes', atLeast(4)),
  config('segment.jitter.ms', 'long', '0', 'log.roll.jitter.ms', atLeast(0)),
  config('segment.ms', 'long', '604800000', 'log.roll.ms', atLeast(1)),
  config('unclean.leader.election.enable', 'boolean', 'false', 'unclean.leader.election.enable'),
]);

const byName = new Map(TOPIC_CONFIGS.map((definition) => [definition.name, definition]));
const byBrokerSynonym = new Map(TOPIC_CONFIGS.map((definition) => [definition.brokerSynonym, definition]));

export function topicConfigDefinition(name: string): TopicConfigDefinition | undefined {
  return byName.get(name);
}

/** Accepts either the topic-level name or its broker-level synonym (e.g. 'log.retention.ms'). */
export function topicConfigDefinitionForBrokerKey(key: string): TopicConfigDefinition | undefined {
  return byName.get(key) ?? byBrokerSynonym.get(key);
}

export function requireTopicConfigDefinition(name: string): TopicConfigDefinition {
  const definition = byName.get(name);
  if (!definition) throw new KafkaProtocolError(ErrorCode.INVALID_CONFIG, `Unknown topic config name: ${name}`);
  return definition;
}

/** Parses and validates one value; throws INVALID_CONFIG naming the key and value. */
export function parseTopicConfig(definition: TopicConfigDefinition, raw: string): ConfigValue {
  const value = parseConfigValue(definition.name, definition.type, raw);
  const problem = definition.validate(value);
  if (problem !== null) throw invalidConfig(definition.name, raw, problem);
  return value;
}
