/**
 * Settings of the group coordinator. The broker fills them from its config (Kafka's names in
 * the comments); every field has Kafka's default except where noted.
 */
export interface GroupCoordinatorOptions {
  /** group.initial.rebalance.delay.ms: how long the first rebalance of an Empty group waits for more members. */
  readonly initialRebalanceDelayMs: number;
  /** group.min.session.timeout.ms */
  readonly minSessionTimeoutMs: number;
  /** group.max.session.timeout.ms */
  readonly maxSessionTimeoutMs: number;
  /** offsets.retention.minutes, in ms: how long offsets of an Empty group survive. */
  readonly offsetsRetentionMs: number;
  /** offsets.retention.check.interval.ms */
  readonly offsetsRetentionCheckIntervalMs: number;
  /** offsets.topic.num.partitions: used only when __consumer_offsets is created. */
  readonly offsetsTopicPartitions: number;
  /** offset.metadata.max.bytes: the longest metadata string a commit may carry (in characters, as Kafka counts). */
  readonly offsetMetadataMaxBytes: number;
  /** Clock for timestamps (commit times, state times); timers use the runtime's own. */
  readonly now: () => number;
  readonly logger: CoordinatorLogger;
}

/** The subset of pino's Logger the coordinator uses. */
export interface CoordinatorLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

const SILENT: CoordinatorLogger = { info() {}, warn() {} };

export const DEFAULT_COORDINATOR_OPTIONS: GroupCoordinatorOptions = Object.freeze({
  initialRebalanceDelayMs: 3000,
  minSessionTimeoutMs: 6000,
  maxSessionTimeoutMs: 1_800_000,
  offsetsRetentionMs: 10_080 * 60_000,
  offsetsRetentionCheckIntervalMs: 600_000,
  offsetsTopicPartitions: 50,
  offsetMetadataMaxBytes: 4096,
  now: () => Date.now(),
  logger: SILENT,
});

export function coordinatorOptions(overrides: Partial<GroupCoordinatorOptions> = {}): GroupCoordinatorOptions {
  const merged = { ...DEFAULT_COORDINATOR_OPTIONS };
  for (const [name, value] of Object.entries(overrides)) {
    if (value !== undefined) (merged as Record<string, unknown>)[name] = value;
  }
  if (merged.minSessionTimeoutMs > merged.maxSessionTimeoutMs) {
    throw new RangeError(`group.min.session.timeout.ms ${merged.minSessionTimeoutMs} exceeds group.max.session.timeout.ms ${merged.maxSessionTimeoutMs}`);
  }
  if (!Number.isInteger(merged.offsetsTopicPartitions) || merged.offsetsTopicPartitions < 1) {
    throw new RangeError(`offsets.topic.num.partitions must be a positive integer, got ${merged.offsetsTopicPartitions}`);
  }
  return Object.freeze(merged);
}
