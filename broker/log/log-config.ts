/**
 * The typed view of a topic's effective config that a partition log runs with.
 */
import { BrokerTopicDefaults, EffectiveTopicConfig, type RawConfigMap } from './effective-topic-config.ts';

export type TimestampType = 'CreateTime' | 'LogAppendTime';

export interface LogConfig {
  readonly segmentBytes: number;
  readonly segmentMs: number;
  readonly segmentJitterMs: number;
  readonly segmentIndexBytes: number;
  readonly indexIntervalBytes: number;
  readonly retentionMs: number;
  readonly retentionBytes: number;
  /** cleanup.policy contains 'delete': time/size retention applies. */
  readonly deleteRetention: boolean;
  /** cleanup.policy contains 'compact' (stored; compaction itself is not implemented yet). */
  readonly compact: boolean;
  readonly maxMessageBytes: number;
  readonly timestampType: TimestampType;
  readonly flushMessages: number;
  readonly flushMs: number;
}

export function logConfigFrom(effective: EffectiveTopicConfig): LogConfig {
  const policy = effective.value('cleanup.policy') as readonly string[];
  return Object.freeze({
    segmentBytes: effective.number('segment.bytes'),
    segmentMs: effective.number('segment.ms'),
    segmentJitterMs: effective.number('segment.jitter.ms'),
    segmentIndexBytes: effective.number('segment.index.bytes'),
    indexIntervalBytes: effective.number('index.interval.bytes'),
    retentionMs: effective.number('retention.ms'),
    retentionBytes: effective.number('retention.bytes'),
    deleteRetention: policy.includes('delete'),
    compact: policy.includes('compact'),
    maxMessageBytes: effective.number('max.message.bytes'),
    timestampType: effective.value('message.timestamp.type') as TimestampType,
    flushMessages: effective.number('flush.messages'),
    flushMs: effective.number('flush.ms'),
  });
}

/** A log config from catalogue defaults plus the given topic overrides (validated). */
export function logConfigWith(overrides: RawConfigMap = {}, brokerDefaults = BrokerTopicDefaults.none): LogConfig {
  return logConfigFrom(EffectiveTopicConfig.resolve(brokerDefaults, overrides));
}
