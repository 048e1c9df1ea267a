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
  /** cleanup.policy contains 'compact': the log cleaner (cleaner.ts) compacts closed segments. */
  readonly compact: boolean;
  /** How long a tombstone stays readable once compaction has first seen it (delete.retention.ms). */
  readonly deleteRetentionMs: number;
  readonly minCleanableDirtyRatio: number;
  readonly minCompactionLagMs: number;
  readonly maxCompactionLagMs: number;
  readonly maxMessageBytes: number;
  readonly timestampType: TimestampType;
  readonly flushMessages: number;
  readonly flushMs: number;
}

export function logConfigFrom(effective: EffectiveTopicConfig): LogConfig {
  const policy = effective.value('cleanup.policy') as readonly string[];
  const compact = policy.includes('compact');
  const maxCompactionLagMs = effective.number('max.compaction.lag.ms');
  return Object.freeze({
    segmentBytes: effective.number('segment.bytes'),
    // As in Kafka, a compacted log also rolls by max.compaction.lag.ms: the cleaner never touches the
    // active segment, so that lag could not be honoured otherwise.
    segmentMs: compact ? Math.min(effective.number('segment.ms'), maxCompactionLagMs) : effective.number('segment.ms'),
    segmentJitterMs: effective.number('segment.jitter.ms'),
    segmentIndexBytes: effective.number('segment.index.bytes'),
    indexIntervalBytes: effective.number('index.interval.bytes'),
    retentionMs: effective.number('retention.ms'),
    retentionBytes: effective.number('retention.bytes'),
    deleteRetention: policy.includes('delete'),
    compact,
    deleteRetentionMs: effective.number('delete.retention.ms'),
    minCleanableDirtyRatio: effective.number('min.cleanable.dirty.ratio'),
    minCompactionLagMs: effective.number('min.compaction.lag.ms'),
    maxCompactionLagMs,
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
