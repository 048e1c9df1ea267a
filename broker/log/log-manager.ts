/**
 * Owns every partition log under one data dir: topic lifecycle (create, delete, add partitions), topic
 * configs (describe, alter, incremental alter), the periodic retention and flush checks, the log cleaner
 * (compaction), and the clean shutdown marker. Admin changes run one at a time and become visible only once the topic metadata
 * describing them is durable; the hot path (append/read on a PartitionLog) never waits for them.
 */
import { mkdirSync } from 'node:fs';
import { ErrorCode, KafkaProtocolError } from '../protocol/error-codes.ts';
import { CleanShutdownMarker } from './clean-shutdown-marker.ts';
import { LogCleaner, type PartitionCompaction } from './cleaner.ts';
import type { CompactionResult } from './compaction-pass.ts';
import { applyConfigAlterations, type ConfigAlteration } from './config-alterations.ts';
import {
  BrokerTopicDefaults,
  EffectiveTopicConfig,
  type EffectiveConfigEntry,
  type RawConfigMap,
} from './effective-topic-config.ts';
import { ListenerSet } from './listener-set.ts';
import { logConfigFrom, type LogConfig } from './log-config.ts';
import { PartitionLog, type AppendListener, type AppendResult } from './partition-log.ts';
import { partitionDir, removeDirsMarkedForDeletion, removePartitionDir } from './partition-directories.ts';
import { PeriodicTask } from './periodic-task.ts';
import { SerialQueue } from './serial-queue.ts';
import { isValidTopicId, newTopicId } from './topic-id.ts';
import { TopicMetadataStore, type StoredTopic } from './topic-metadata-store.ts';
import { topicNamesCollide, validateTopicName } from './topic-name.ts';

export interface LogManagerOptions {
  readonly dataDir: string;
  /**
   * Broker-wide defaults for topic configs, keyed by topic-config name ('retention.ms') or by Kafka's
   * broker-level name ('log.retention.ms'). Invalid entries fail open() with INVALID_CONFIG.
   */
  readonly topicConfigDefaults?: RawConfigMap;
  /** num.partitions: used when CreateTopics asks for the default (-1 or omitted). Default 1. */
  readonly defaultNumPartitions?: number;
  /** log.retention.check.interval.ms. Default 300000. */
  readonly retentionCheckIntervalMs?: number;
  /** How often partitions are checked against flush.ms. Default 100. */
  readonly flushCheckIntervalMs?: number;
  /** How long a producer id's idempotence state is kept after its last write (producer.id.expiration.ms). */
  readonly producerIdExpirationMs?: number;
  /** log.cleaner.backoff.ms: how often compacted partitions are checked for cleaning. Default 15000. */
  readonly cleanerBackoffMs?: number;
  /** log.cleaner.dedupe.buffer.size: memory for the key map of one compaction pass. Default 128 MiB. */
  readonly cleanerDedupeBufferBytes?: number;
  /** Clock for the logs (timestamps, segment.ms, retention.ms, flush.ms). Default Date.now. */
  readonly now?: () => number;
}

export interface TopicDescription {
  readonly name: string;
  /** Canonical UUID string; topicIdToBytes gives the 16 wire bytes. */
  readonly topicId: string;
  readonly partitions: number;
  /** The topic-level overrides only; describeTopicConfigs gives effective values. */
  readonly configOverrides: Readonly<Record<string, string>>;
}

export interface CreateTopicOptions {
  /** -1 or omitted: the broker default (num.partitions). */
  readonly numPartitions?: number;
  readonly configs?: RawConfigMap;
  /** Keep a known topic ID (e.g. restoring metadata); a fresh one is generated otherwise. */
  readonly topicId?: string;
  readonly validateOnly?: boolean;
}

export interface ValidateOnlyOption {
  readonly validateOnly?: boolean;
}

interface TopicState {
  readonly name: string;
  readonly topicId: string;
  config: EffectiveTopicConfig;
  logConfig: LogConfig;
  readonly logs: PartitionLog[];
}

export class LogManager {
  readonly dataDir: string;
  private readonly brokerDefaults: BrokerTopicDefaults;
  private readonly defaultNumPartitions: number;
  private readonly now: () => number;
  private readonly producerIdExpirationMs: number | undefined;
  private readonly store: TopicMetadataStore;
  private readonly marker: CleanShutdownMarker;
  private readonly topics = new Map<string, TopicState>();
  private readonly topicsById = new Map<string, TopicState>();
  private readonly admin = new SerialQueue();
  private readonly appendListeners = new ListenerSet<[PartitionLog, AppendResult]>();
  private readonly retentionTask: PeriodicTask;
  private readonly flushTask: PeriodicTask;
  private readonly cleaner: LogCleaner;
  private readonly forwardAppend: AppendListener = (log, result) => this.appendListeners.emit(log, result);
  private closed = false;

  private constructor(options: LogManagerOptions) {
    this.dataDir = options.dataDir;
    this.brokerDefaults = BrokerTopicDefaults.from(options.topicConfigDefaults);
    this.defaultNumPartitions = options.defaultNumPartitions ?? 1;
    this.now = options.now ?? Date.now;
    this.producerIdExpirationMs = options.producerIdExpirationMs;
    this.store = new TopicMetadataStore(this.dataDir);
    this.marker = new CleanShutdownMarker(this.dataDir);
    this.retentionTask = new PeriodicTask(options.retentionCheckIntervalMs ?? 300_000, () => this.runRetention());
    this.flushTask = new PeriodicTask(options.flushCheckIntervalMs ?? 100, () => this.flushDueLogs());
    this.cleaner = new LogCleaner({
      logs: () => this.allLogs(),
      now: this.now,
      backoffMs: options.cleanerBackoffMs,
      dedupeBufferBytes: options.cleanerDedupeBufferBytes,
    });
  }

  /** Loads and recovers every topic in the data dir (created if missing). */
  static async open(options: LogManagerOptions): Promise<LogManager> {
    const manager = new LogManager(options);
    try {
      await manager.load();
    } catch (err) {
      await manager.closeLogs();
      throw err;
    }
    return manager;
  }

  listTopics(): TopicDescription[] {
    return [...this.topics.values()].map(describe);
  }

  getTopic(name: string): TopicDescription | undefined {
    const state = this.topics.get(name);
    return state && describe(state);
  }

  getTopicById(topicId: string): TopicDescription | undefined {
    const state = this.topicsById.get(topicId);
    return state && describe(state);
  }

  /** Throws UNKNOWN_TOPIC_OR_PARTITION when the topic or partition does not exist. */
  partition(topic: string, partition: number): PartitionLog {
    const log = this.topics.get(topic)?.logs[partition];
    if (!log) throw new KafkaProtocolError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `${topic}-${partition}`);
    return log;
  }

  createTopic(name: string, options: CreateTopicOptions = {}): Promise<TopicDescription> {
    return this.admin.run(async () => {
      this.ensureOpen();
      validateTopicName(name);
      if (this.topics.has(name)) throw new KafkaProtocolError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${name}' already exists.`);
      const collision = [...this.topics.keys()].find((existing) => topicNamesCollide(existing, name));
      if (collision !== undefined) {
        throw new KafkaProtocolError(ErrorCode.INVALID_TOPIC_EXCEPTION, `Topic '${name}' collides with existing topic '${collision}'`);
      }
      const partitions = this.partitionCount(options.numPartitions);
      const config = EffectiveTopicConfig.resolve(this.brokerDefaults, options.configs ?? {});
      const topicId = this.topicIdFor(options.topicId);
      if (options.validateOnly) return { name, topicId, partitions, configOverrides: config.overrides };
      const state: TopicState = { name, topicId, config, logConfig: logConfigFrom(config), logs: [] };
      try {
        for (let p = 0; p < partitions; p++) state.logs.push(await this.createLog(state, p));
        await this.store.save(this.storedTopicsWith(stored(state)));
      } catch (err) {
        await discardLogs(state.logs);
        throw asStorageError(err);
      }
      this.register(state);
      return describe(state);
    });
  }

  /** Deletes the topic and its data. */
  deleteTopic(name: string): Promise<void> {
    return this.admin.run(async () => {
      this.ensureOpen();
      const state = this.requireTopic(name);
      this.unregister(state);
      try {
        await this.store.save(this.storedTopicsWith());
      } catch (err) {
        this.register(state);
        throw asStorageError(err);
      }
      await discardLogs(state.logs);
    });
  }

  /** Grows the topic to `totalCount` partitions (INVALID_PARTITIONS unless that is more than now). */
  createPartitions(name: string, totalCount: number, options: ValidateOnlyOption = {}): Promise<TopicDescription> {
    return this.admin.run(async () => {
      this.ensureOpen();
      const state = this.requireTopic(name);
      const current = state.logs.length;
      if (!Number.isInteger(totalCount) || totalCount <= current) {
        const detail = totalCount === current
          ? `Topic already has ${current} partitions.`
          : `Topic currently has ${current} partitions, which is higher than the requested ${totalCount}.`;
        throw new KafkaProtocolError(ErrorCode.INVALID_PARTITIONS, detail);
      }
      if (options.validateOnly) return { ...describe(state), partitions: totalCount };
      const added: PartitionLog[] = [];
      try {
        for (let p = current; p < totalCount; p++) added.push(await this.createLog(state, p));
        await this.store.save(this.storedTopicsWith({ ...stored(state), partitions: totalCount }));
      } catch (err) {
        await discardLogs(added);
        throw asStorageError(err);
      }
      state.logs.push(...added);
      return describe(state);
    });
  }

  /** Effective values with their source and synonyms; `names` limits the answer (unknown names are skipped). */
  describeTopicConfigs(topic: string, names?: readonly string[]): EffectiveConfigEntry[] {
    const entries = this.requireTopic(topic).config.entries();
    return names === undefined ? entries : entries.filter((entry) => names.includes(entry.name));
  }

  /** AlterConfigs: `configs` replaces the topic's whole set of overrides. */
  alterTopicConfigs(topic: string, configs: RawConfigMap, options: ValidateOnlyOption = {}): Promise<void> {
    return this.admin.run(async () => {
      this.ensureOpen();
      const state = this.requireTopic(topic);
      const next = EffectiveTopicConfig.resolve(this.brokerDefaults, configs);
      if (!options.validateOnly) await this.applyConfig(state, next);
    });
  }

  /** IncrementalAlterConfigs: SET / DELETE / APPEND / SUBTRACT on individual overrides. */
  incrementalAlterTopicConfigs(
    topic: string,
    alterations: readonly ConfigAlteration[],
    options: ValidateOnlyOption = {},
  ): Promise<void> {
    return this.admin.run(async () => {
      this.ensureOpen();
      const state = this.requireTopic(topic);
      const next = EffectiveTopicConfig.resolve(this.brokerDefaults, applyConfigAlterations(state.config, alterations));
      if (!options.validateOnly) await this.applyConfig(state, next);
    });
  }

  /** Called after every append to any partition. Returns an unsubscribe function. */
  onAppend(listener: AppendListener): () => void {
    return this.appendListeners.add(listener);
  }

  /** Starts the periodic retention (log.retention.check.interval.ms), flush.ms and log cleaner checks. */
  start(): void {
    this.ensureOpen();
    this.retentionTask.start();
    this.flushTask.start();
    this.cleaner.start();
  }

  /** One log cleaner check of every compacted partition (as the periodic cleaner runs); returns the passes that ran. */
  runCompaction(): Promise<PartitionCompaction[]> {
    return this.cleaner.runOnce();
  }

  /** A compaction pass over one partition if it is due; null when the topic is not compacted. Throws on failure. */
  async compactPartition(topic: string, partition: number): Promise<CompactionResult | null> {
    return this.cleaner.compact(this.partition(topic, partition));
  }

  /** One retention pass over every partition; returns how many segments were deleted. */
  async runRetention(): Promise<number> {
    let deleted = 0;
    for (const log of this.allLogs()) {
      try {
        deleted += (await log.applyRetention()).deletedSegments;
      } catch (err) {
        process.emitWarning(err instanceof Error ? err : String(err), { code: 'SLUICE_RETENTION' });
      }
    }
    return deleted;
  }

  /** fsyncs every partition. */
  async flushAll(): Promise<void> {
    await Promise.all(this.allLogs().map((log) => log.flush()));
  }

  /** Stops periodic work, flushes and closes every log, and marks the shutdown clean if all went well. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.admin.run(async () => undefined);
    await Promise.all([this.retentionTask.stop(), this.flushTask.stop(), this.cleaner.stop()]);
    const allHealthy = await this.closeLogs();
    if (allHealthy) await this.marker.write();
  }

  private async load(): Promise<void> {
    mkdirSync(this.dataDir, { recursive: true });
    const cleanShutdown = this.marker.exists();
    await this.marker.remove();
    await removeDirsMarkedForDeletion(this.dataDir);
    for (const topic of this.store.load()) {
      const config = this.storedConfig(topic);
      const state: TopicState = { name: topic.name, topicId: topic.topicId, config, logConfig: logConfigFrom(config), logs: [] };
      this.register(state);
      for (let p = 0; p < topic.partitions; p++) state.logs.push(await this.openLog(state, p, cleanShutdown));
    }
  }

  /** Overrides stored by an older version may no longer validate; those fall back to defaults. */
  private storedConfig(topic: StoredTopic): EffectiveTopicConfig {
    try {
      return EffectiveTopicConfig.resolve(this.brokerDefaults, topic.configs);
    } catch (err) {
      process.emitWarning(`topic ${topic.name}: ignoring stored config overrides: ${(err as Error).message}`, {
        code: 'SLUICE_TOPIC_CONFIG',
      });
      return EffectiveTopicConfig.resolve(this.brokerDefaults, {});
    }
  }

  private async createLog(state: TopicState, partition: number): Promise<PartitionLog> {
    // A directory left by a topic whose metadata never became durable must not leak old data.
    await removePartitionDir(partitionDir(this.dataDir, state.name, partition));
    return this.openLog(state, partition, false);
  }

  private async openLog(state: TopicState, partition: number, cleanShutdown: boolean): Promise<PartitionLog> {
    const log = await PartitionLog.open({
      dir: partitionDir(this.dataDir, state.name, partition),
      topic: state.name,
      partition,
      config: state.logConfig,
      cleanShutdown,
      now: this.now,
      producerIdExpirationMs: this.producerIdExpirationMs,
    });
    log.onAppend(this.forwardAppend);
    return log;
  }

  private async applyConfig(state: TopicState, next: EffectiveTopicConfig): Promise<void> {
    try {
      await this.store.save(this.storedTopicsWith({ ...stored(state), configs: next.overrides }));
    } catch (err) {
      throw asStorageError(err);
    }
    state.config = next;
    state.logConfig = logConfigFrom(next);
    for (const log of state.logs) log.updateConfig(state.logConfig);
  }

  private partitionCount(requested: number | undefined): number {
    const count = requested === undefined || requested === -1 ? this.defaultNumPartitions : requested;
    if (!Number.isInteger(count) || count < 1) {
      throw new KafkaProtocolError(ErrorCode.INVALID_PARTITIONS, `Number of partitions must be larger than 0, got ${count}.`);
    }
    return count;
  }

  private topicIdFor(requested: string | undefined): string {
    if (requested === undefined) {
      let id = newTopicId();
      while (this.topicsById.has(id)) id = newTopicId();
      return id;
    }
    if (!isValidTopicId(requested)) throw new KafkaProtocolError(ErrorCode.INVALID_REQUEST, `Invalid topic ID '${requested}'`);
    const owner = this.topicsById.get(requested);
    if (owner) throw new KafkaProtocolError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic ID ${requested} already belongs to '${owner.name}'`);
    return requested;
  }

  /** Every stored topic, with `replacement` substituted for (or added as) its namesake. */
  private storedTopicsWith(replacement?: StoredTopic): StoredTopic[] {
    const topics = [...this.topics.values()].filter((state) => state.name !== replacement?.name).map(stored);
    if (replacement) topics.push(replacement);
    return topics;
  }

  private requireTopic(name: string): TopicState {
    const state = this.topics.get(name);
    if (!state) throw new KafkaProtocolError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${name}' does not exist.`);
    return state;
  }

  private register(state: TopicState): void {
    this.topics.set(state.name, state);
    this.topicsById.set(state.topicId, state);
  }

  private unregister(state: TopicState): void {
    this.topics.delete(state.name);
    this.topicsById.delete(state.topicId);
  }

  private ensureOpen(): void {
    if (this.closed) throw new KafkaProtocolError(ErrorCode.KAFKA_STORAGE_ERROR, 'the log manager is closed');
  }

  private allLogs(): PartitionLog[] {
    return [...this.topics.values()].flatMap((state) => state.logs);
  }

  private flushDueLogs(): void {
    const nowMs = this.now();
    for (const state of this.topics.values()) {
      for (const log of state.logs) log.flushIfDue(nowMs);
    }
  }

  /** Closes every log; true when none is offline. */
  private async closeLogs(): Promise<boolean> {
    let allHealthy = true;
    for (const log of this.allLogs()) {
      await log.close();
      if (log.isOffline) allHealthy = false;
    }
    return allHealthy;
  }
}

function describe(state: TopicState): TopicDescription {
  return { name: state.name, topicId: state.topicId, partitions: state.logs.length, configOverrides: state.config.overrides };
}

function stored(state: TopicState): StoredTopic {
  return { name: state.name, topicId: state.topicId, partitions: state.logs.length, configs: state.config.overrides };
}

async function discardLogs(logs: readonly PartitionLog[]): Promise<void> {
  for (const log of logs) {
    await log.close();
    await removePartitionDir(log.dir);
  }
}

function asStorageError(err: unknown): unknown {
  if (err instanceof KafkaProtocolError || !(err instanceof Error)) return err;
  return new KafkaProtocolError(ErrorCode.KAFKA_STORAGE_ERROR, err.message);
}
