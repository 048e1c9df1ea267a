/**
 * Runs a SinkTask (Connect's WorkerSinkTask), at least once:
 *
 *   poll (group connect-<connector>) → convert → put(batch) → preCommit() → commit consumer offsets
 *
 * - Batches hold at most max.poll.records records (consumer.max.poll.records, default 500; a
 *   connector may set consumer.override.max.poll.records). put() is also called with an empty batch
 *   when a poll finds nothing (so sinks can flush on time), except while paused.
 * - Offsets: a record's offset counts as "put" only once put() returned for its batch (records skipped
 *   by a tolerated conversion failure count with their batch). Every offset.flush.interval.ms, on
 *   context.requestCommit(), before partitions are revoked and at stop, preCommit() gets those offsets and
 *   what it returns (for assigned partitions, if changed) is committed. If preCommit() throws, the
 *   consumer rewinds to the last committed offsets so nothing is lost.
 * - put() throwing a RetriableException: the same batch is redelivered after context.timeout() (default
 *   DEFAULT_RETRY_BACKOFF_MS) while the consumer keeps polling with all partitions paused, so rebalances
 *   are served and nothing is fetched ahead; order is kept and nothing is duplicated. Any other error
 *   fails the task, unless errors.tolerance=all: then the batch is retried one record at a time and the
 *   records that still fail are skipped and reported (log, dead letter queue) at stage TASK_PUT.
 * - Assignment: new partitions → open(); revoked ones → commit, close(); lost ones → close() only.
 * - Paused (target state): every partition is paused in the consumer, which keeps polling (so the
 *   group membership and rebalances go on); context.pause()/resume() pause partitions on top of that.
 */
import { isRetriable, TopicPartition, type SinkRecord, type SinkTask, type TaskClass } from '../../connectors/sdk/index.ts';
import { clientConfigs } from './client-configs.ts';
import { WorkerErrantRecordReporter } from './error-handling/errant-record-reporter.ts';
import { createTaskErrorHandling, type TaskErrorHandling } from './error-handling/task-error-handling.ts';
import { asError } from './failure-trace.ts';
import { SinkOffsets } from './sink-offsets.ts';
import { convertConsumedRecord } from './sink-record-conversion.ts';
import { sinkSubscription } from './sink-topics.ts';
import type { ConsumerRebalanceListener, LogRecord, TaskConsumer } from './task-consumer.ts';
import type { TaskEnvironment } from './task-environment.ts';
import { closeTaskConverters, createTaskConverters, type TaskConverters } from './task-converters.ts';
import { WorkerSinkTaskContext, type SinkContextHost } from './worker-sink-task-context.ts';
import { WorkerTask, type WorkerTaskOptions } from './worker-task.ts';

/** How long a batch waits before redelivery after a RetriableException when the task set no context.timeout(). */
export const DEFAULT_RETRY_BACKOFF_MS = 1000;

export interface WorkerSinkTaskOptions extends WorkerTaskOptions {
  readonly taskClass: TaskClass<SinkTask>;
  readonly connectorConfig: Readonly<Record<string, string>>;
  readonly taskConfig: Readonly<Record<string, string>>;
  readonly environment: TaskEnvironment;
}

/** Used when the worker sets no session.timeout.ms of its own (standalone mode): Connect's worker default. */
export const DEFAULT_SINK_SESSION_TIMEOUT_MS = 10_000;

/**
 * What a sink's consumer gets unless the worker's consumer.* or the connector's consumer.override.*
 * say otherwise: Connect's earliest/no auto commit, and (Sluice's choice) the worker group's session
 * timeout instead of the consumer's 45 s, so a dead worker's sink partitions move about as fast as its
 * tasks do, and the sink tasks that stayed are not left stalled for 45 s by the eager rebalance.
 */
export function sinkConsumerDefaults(workerProps: Readonly<Record<string, string>>): Record<string, string> {
  return {
    'auto.offset.reset': 'earliest',
    'enable.auto.commit': 'false',
    'session.timeout.ms': workerProps['session.timeout.ms'] ?? String(DEFAULT_SINK_SESSION_TIMEOUT_MS),
  };
}

/** A consumed record and what it converted to (undefined: skipped by a tolerated failure). */
interface Entry {
  readonly raw: LogRecord;
  readonly record: SinkRecord | undefined;
}

export class WorkerSinkTask extends WorkerTask {
  readonly #options: WorkerSinkTaskOptions;
  #consumer: TaskConsumer | undefined;
  #consumerClosed: Promise<void> | undefined;
  #task: SinkTask | undefined;
  #converters: TaskConverters | undefined;
  #errors: TaskErrorHandling | undefined;
  #errantReporter: WorkerErrantRecordReporter | null = null;
  #maxPollRecords = 500;
  #offsets: SinkOffsets | undefined;
  readonly #taskPaused = new Set<TopicPartition>();
  readonly #rewinds = new Map<TopicPartition, number>();
  /** A batch waiting to be redelivered after a RetriableException. */
  #pending: Entry[] | undefined;
  #pausedForRetry = false;
  #retryAt = 0;
  #retryTimeoutMs: number | undefined;
  #commitRequested = false;
  #nextCommitAt = 0;

  constructor(options: WorkerSinkTaskOptions) {
    super(options);
    this.#options = options;
  }

  protected async initialize(): Promise<void> {
    const { environment: env, connectorConfig, taskConfig, id, taskClass } = this.#options;
    const subscription = sinkSubscription(hasTopics(taskConfig) ? taskConfig : connectorConfig);
    this.#converters = createTaskConverters(env.converters, connectorConfig, env.worker.props);
    this.#errors = await createTaskErrorHandling({
      id, kind: 'sink', connectorConfig, workerProps: env.worker.props, clients: env.clients, logger: this.logger, signal: this.stopSignal,
    });
    const configs = clientConfigs('consumer', env.worker.props, connectorConfig, sinkConsumerDefaults(env.worker.props));
    const maxPollRecords = Number(configs['max.poll.records']);
    this.#maxPollRecords = Number.isInteger(maxPollRecords) && maxPollRecords > 0 ? maxPollRecords : env.worker.settings['consumer.max.poll.records'];
    this.#consumer = await env.clients.consumer({
      groupId: `connect-${id.connector}`,
      clientId: `connector-consumer-${id.connector}-${id.task}`,
      configs,
      subscription,
      listener: this.#rebalanceListener(),
    });
    if (this.#errors.reporting) this.#errantReporter = new WorkerErrantRecordReporter(this.#errors.operator, this.#converters, taskClass.name);
    const task = new taskClass();
    task.initialize(new WorkerSinkTaskContext(taskConfig, this.#contextHost()));
    await task.start(taskConfig);
    this.#task = task;
    this.#offsets = new SinkOffsets({ consumer: this.#consumer, task, errantReporter: this.#errantReporter, logger: this.logger });
  }

  protected async execute(): Promise<void> {
    this.#nextCommitAt = Date.now() + this.#flushInterval;
    while (!this.isStopping) await this.#iteration();
  }

  protected async close(): Promise<void> {
    const consumer = this.#consumer;
    const task = this.#task;
    if (task && consumer && !this.isCancelled) {
      const assigned = [...consumer.assignment()];
      if (assigned.length > 0) {
        await this.#commit(assigned).catch((error: unknown) => this.logger.error({ err: error }, 'Final offset commit failed'));
        await Promise.resolve(task.close(assigned)).catch((error: unknown) => this.logger.warn({ err: error }, 'SinkTask.close() failed'));
      }
    }
    if (task) await Promise.resolve(task.stop()).catch((error: unknown) => this.logger.warn({ err: error }, 'SinkTask.stop() failed'));
    await this.#closeConsumer();
    await this.#errors?.close();
    await closeTaskConverters(this.#converters);
  }

  protected override onStopRequested(): void {
    this.#consumer?.wakeup();
  }

  protected override onCancel(): void {
    // Leave the group now, so the partitions go to a new instance rather than to a task that hangs.
    void this.#closeConsumer();
  }

  #closeConsumer(): Promise<void> {
    if (!this.#consumer) return Promise.resolve();
    this.#consumerClosed ??= this.#consumer.close().catch((error: unknown) => this.logger.warn({ err: error }, 'Closing the consumer failed'));
    return this.#consumerClosed;
  }

  protected override onTargetStateChange(): void {
    const consumer = this.#consumer;
    if (!consumer) return;
    if (this.paused) consumer.pause(consumer.assignment());
    else if (!this.#pausedForRetry) consumer.resume(this.#resumable());
    consumer.wakeup();
  }

  get #flushInterval(): number {
    return this.#options.environment.worker.settings['offset.flush.interval.ms'];
  }

  async #iteration(): Promise<void> {
    const consumer = this.#consumer!;
    if (this.#commitRequested || Date.now() >= this.#nextCommitAt) {
      this.#commitRequested = false;
      this.#nextCommitAt = Date.now() + this.#flushInterval;
      await this.#commit();
    }
    this.#applyRewinds();
    const untilCommit = Math.max(0, this.#nextCommitAt - Date.now());
    if (this.#pending) {
      const wait = this.#retryAt - Date.now();
      if (wait > 0) {
        // Every partition is paused: this serves rebalances while the batch waits.
        this.#putBack(await consumer.poll(Math.min(wait, untilCommit), this.#maxPollRecords));
        return;
      }
      await this.#deliver(this.#pending);
      return;
    }
    const records = await consumer.poll(untilCommit, this.#maxPollRecords);
    if (this.isStopping || (records.length === 0 && this.paused)) {
      this.#putBack(records);
      return;
    }
    const entries: Entry[] = [];
    for (const raw of records) {
      const converted = convertConsumedRecord(raw, this.#converters!, this.#errors!.operator);
      entries.push({ raw, record: converted instanceof Promise ? await converted : converted });
    }
    await this.#deliver(entries);
  }

  async #deliver(entries: Entry[]): Promise<void> {
    try {
      await this.#task!.put(records(entries));
    } catch (error) {
      if (isRetriable(error)) return this.#retryLater(entries, error);
      if (!this.#errors!.operator.toleratesAll) throw error;
      return this.#deliverOneByOne(entries, asError(error));
    }
    this.#delivered(entries);
  }

  /** errors.tolerance=all after put() failed: find the records that fail on their own, report and skip them. */
  async #deliverOneByOne(entries: Entry[], batchError: Error): Promise<void> {
    const operator = this.#errors!.operator;
    const className = this.#options.taskClass.name;
    if (records(entries).length === 1) {
      const only = entries.find((e) => e.record)!;
      await operator.fail('TASK_PUT', className, { kind: 'consumed', record: only.raw }, batchError);
      this.#delivered(entries);
      return;
    }
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      if (entry.record) {
        try {
          await this.#task!.put([entry.record]);
        } catch (error) {
          if (isRetriable(error)) return this.#retryLater(entries.slice(i), error);
          await operator.fail('TASK_PUT', className, { kind: 'consumed', record: entry.raw }, asError(error));
        }
      }
      this.#delivered([entry]);
    }
  }

  #retryLater(entries: Entry[], error: unknown): void {
    const backoff = this.#retryTimeoutMs ?? DEFAULT_RETRY_BACKOFF_MS;
    this.#retryTimeoutMs = undefined;
    this.logger.warn({ err: error, records: entries.length, backoffMs: backoff }, 'put() threw a retriable error; the batch will be redelivered');
    this.#pending = entries;
    this.#retryAt = Date.now() + backoff;
    if (!this.#pausedForRetry) {
      this.#pausedForRetry = true;
      this.#consumer!.pause(this.#consumer!.assignment());
    }
  }

  /** put() took these records: their offsets count from now on. */
  #delivered(entries: readonly Entry[]): void {
    const assignment = this.#consumer!.assignment();
    for (const { raw } of entries) {
      const partition = TopicPartition.of(raw.topic, raw.partition);
      if (assignment.has(partition)) this.#offsets!.delivered(partition, raw.offset + 1);
    }
    if (this.#pending) {
      this.#pending = undefined;
      this.#endRetryPause();
    }
  }

  #endRetryPause(): void {
    if (!this.#pausedForRetry) return;
    this.#pausedForRetry = false;
    if (!this.paused) this.#consumer!.resume(this.#resumable());
  }

  /** Records a poll returned that will not be delivered now: fetch them again later. */
  #putBack(records: readonly LogRecord[]): void {
    const first = new Map<TopicPartition, number>();
    for (const r of records) {
      const partition = TopicPartition.of(r.topic, r.partition);
      if (!first.has(partition)) first.set(partition, r.offset);
    }
    for (const [partition, offset] of first) this.#consumer!.seek(partition, offset);
  }

  /** Offset commit of these partitions (default: all assigned); nothing once abandoned. */
  async #commit(scope?: readonly TopicPartition[]): Promise<void> {
    if (this.isCancelled || !this.#offsets) return;
    // Records after a failed preCommit's rewind are fetched again: do not redeliver them as well.
    this.#dropPending(await this.#offsets.commit(scope));
  }

  #applyRewinds(): void {
    if (this.#rewinds.size === 0) return;
    const assignment = this.#consumer!.assignment();
    const rewound = new Set<TopicPartition>();
    for (const [partition, offset] of this.#rewinds) {
      if (!assignment.has(partition)) continue;
      this.#consumer!.seek(partition, offset);
      this.#offsets!.rewound(partition, offset);
      rewound.add(partition);
    }
    this.#rewinds.clear();
    this.#dropPending(rewound);
  }

  /** Pending records of these partitions will be fetched again: do not redeliver them too. */
  #dropPending(partitions: ReadonlySet<TopicPartition>): void {
    if (!this.#pending || partitions.size === 0) return;
    this.#pending = this.#pending.filter((e) => !partitions.has(TopicPartition.of(e.raw.topic, e.raw.partition)));
    if (this.#pending.length === 0) {
      this.#pending = undefined;
      this.#endRetryPause();
    }
  }

  #forget(partitions: readonly TopicPartition[]): void {
    this.#offsets!.forget(partitions);
    for (const partition of partitions) {
      this.#taskPaused.delete(partition);
      this.#rewinds.delete(partition);
    }
    this.#dropPending(new Set(partitions));
  }

  #resumable(): TopicPartition[] {
    return [...this.#consumer!.assignment()].filter((p) => !this.#taskPaused.has(p));
  }

  #rebalanceListener(): ConsumerRebalanceListener {
    return {
      onPartitionsAssigned: async (partitions) => {
        const consumer = this.#consumer!;
        for (const partition of partitions) {
          const offset = consumer.position(partition);
          if (offset !== undefined) this.#offsets!.assigned(partition, offset);
        }
        if (this.paused || this.#pausedForRetry) consumer.pause(partitions);
        this.logger.info({ partitions: partitions.map(String) }, 'Partitions assigned');
        await this.#task!.open(partitions);
        this.#applyRewinds();
      },
      onPartitionsRevoked: async (partitions) => {
        if (this.isCancelled) return;
        this.logger.info({ partitions: partitions.map(String) }, 'Partitions revoked');
        await this.#commit(partitions);
        await this.#task!.close(partitions);
        this.#forget(partitions);
      },
      onPartitionsLost: async (partitions) => {
        if (this.isCancelled) return;
        this.logger.warn({ partitions: partitions.map(String) }, 'Partitions lost; their offsets could not be committed');
        await this.#task!.close(partitions);
        this.#forget(partitions);
      },
    };
  }

  #contextHost(): SinkContextHost {
    return {
      assignment: () => this.#consumer!.assignment(),
      pause: (partitions) => {
        for (const partition of partitions) this.#taskPaused.add(partition);
        this.#consumer!.pause(partitions);
      },
      resume: (partitions) => {
        for (const partition of partitions) this.#taskPaused.delete(partition);
        if (!this.paused && !this.#pausedForRetry) this.#consumer!.resume(partitions);
      },
      rewind: (partition, offset) => {
        this.#rewinds.set(partition, offset);
      },
      retryTimeout: (ms) => {
        this.#retryTimeoutMs = ms;
      },
      requestCommit: () => {
        this.#commitRequested = true;
        this.#consumer?.wakeup();
      },
      errantRecordReporter: () => this.#errantReporter,
    };
  }
}

function records(entries: readonly Entry[]): SinkRecord[] {
  const out: SinkRecord[] = [];
  for (const entry of entries) if (entry.record) out.push(entry.record);
  return out;
}

function hasTopics(config: Readonly<Record<string, string>>): boolean {
  return Boolean(config.topics?.trim() || config['topics.regex']?.trim());
}
