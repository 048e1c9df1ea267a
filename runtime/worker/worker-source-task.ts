/**
 * Runs a SourceTask (Connect's WorkerSourceTask), at least once:
 *
 *   poll → convert → send (acks=all) → acknowledged → commitRecord() … offsets written → commit()
 *
 * - The loop awaits poll(); a task that answers "nothing" at once is polled again after a short backoff
 *   rather than in a busy loop. A RetriableException from poll() is logged and polling goes on; any
 *   other error fails the task.
 * - Each poll's records go to the producer as one send, without waiting for the acknowledgement; at most
 *   source.max.outstanding.records may be unacknowledged, beyond that the loop stops polling until acks
 *   come back (back-pressure).
 * - Offsets are committed every offset.flush.interval.ms and at stop, only for acknowledged records
 *   (SubmittedRecords, SourceOffsetCommitter); at stop the task first waits up to
 *   offset.flush.timeout.ms for records still in flight. commitRecord() is called on acknowledgement
 *   (in poll order per source partition), commit() after each offset commit.
 * - A failed send fails the task (errors.tolerance=none) or drops its records, logged (all).
 * - Paused: no polling; commits go on. Stop: the task's stop() is called at once so a pending poll()
 *   settles; records polled after that are not sent (their offsets were never committed, so they are
 *   read again by the next run).
 * - Topics are created by the broker's auto-creation; Connect's topic.creation.* is not supported.
 */
import { ConnectException, isRetriable, SourceTask, type RecordMetadata, type SourceRecord, type TaskClass } from '../../connectors/sdk/index.ts';
import { clientConfigs } from './client-configs.ts';
import { createTaskErrorHandling, type TaskErrorHandling } from './error-handling/task-error-handling.ts';
import { offsetReader } from './offset-reader.ts';
import { convertSourceRecord } from './source-record-conversion.ts';
import { SourceOffsetCommitter } from './source-offset-committer.ts';
import { SubmittedRecords, type SubmittedRecord } from './submitted-records.ts';
import type { TaskEnvironment } from './task-environment.ts';
import { closeTaskConverters, createTaskConverters, type TaskConverters } from './task-converters.ts';
import type { ProducerRecord, TaskProducer } from './task-producer.ts';
import { WorkerTask, type WorkerTaskOptions } from './worker-task.ts';

/** A poll that returns nothing sooner than this is followed by a wait for the rest of it. */
export const EMPTY_POLL_BACKOFF_MS = 10;

export interface WorkerSourceTaskOptions extends WorkerTaskOptions {
  readonly taskClass: TaskClass<SourceTask>;
  readonly connectorConfig: Readonly<Record<string, string>>;
  readonly taskConfig: Readonly<Record<string, string>>;
  readonly environment: TaskEnvironment;
}

export class WorkerSourceTask extends WorkerTask {
  readonly #options: WorkerSourceTaskOptions;
  /** Made in initialize(), once it is known whether the task wants its records back in commitRecord(). */
  #submitted!: SubmittedRecords;
  #task: SourceTask | undefined;
  #taskStopped: Promise<void> | undefined;
  #converters: TaskConverters | undefined;
  #errors: TaskErrorHandling | undefined;
  #producer: TaskProducer | undefined;
  #producerClosed: Promise<void> | undefined;
  #committer: SourceOffsetCommitter | undefined;
  #commitTimer: NodeJS.Timeout | undefined;
  #sendFailure: Error | undefined;
  #maxOutstanding = 0;

  constructor(options: WorkerSourceTaskOptions) {
    super(options);
    this.#options = options;
  }

  protected async initialize(): Promise<void> {
    const { environment: env, connectorConfig, taskConfig, id } = this.#options;
    const settings = env.worker.settings;
    this.#converters = createTaskConverters(env.converters, connectorConfig, env.worker.props);
    this.#errors = await createTaskErrorHandling({
      id, kind: 'source', connectorConfig, workerProps: env.worker.props, clients: env.clients, logger: this.logger, signal: this.stopSignal,
    });
    const own = Number(connectorConfig['source.max.outstanding.records']);
    this.#maxOutstanding = Number.isInteger(own) && own > 0 ? own : settings['source.max.outstanding.records'];
    this.#producer = await env.clients.producer({ clientId: `connector-producer-${id.connector}-${id.task}`, configs: clientConfigs('producer', env.worker.props, connectorConfig), sourceRecords: true });
    const task = new this.#options.taskClass();
    task.initialize({ configs: taskConfig, offsetStorageReader: offsetReader(env.offsetStore, id.connector) });
    // Records are kept until acknowledged only for a task that wants them back in commitRecord().
    const wantsRecords = task.commitRecord !== SourceTask.prototype.commitRecord;
    this.#submitted = new SubmittedRecords({ onAck: () => this.wakeup.ring(), onAcknowledged: wantsRecords ? (record, metadata) => this.#commitRecord(record, metadata) : undefined });
    this.#committer = new SourceOffsetCommitter({
      connector: id.connector,
      store: env.offsetStore,
      submitted: this.#submitted,
      task,
      flushTimeoutMs: settings['offset.flush.timeout.ms'],
      logger: this.logger,
      cancelled: () => this.isCancelled,
    });
    await task.start(taskConfig);
    this.#task = task;
    if (this.isStopping) void this.#stopTask();
  }

  protected async execute(): Promise<void> {
    const task = this.#task!;
    this.#scheduleCommit();
    while (!this.isStopping) {
      if (this.#sendFailure) throw this.#sendFailure;
      if (this.paused || this.#submitted.outstanding >= this.#maxOutstanding) {
        await this.wakeup.wait();
        continue;
      }
      const began = Date.now();
      let records: Awaited<ReturnType<SourceTask['poll']>> = null;
      try {
        records = await task.poll();
      } catch (error) {
        if (!isRetriable(error)) throw error;
        this.logger.warn({ err: error }, 'poll() threw a retriable error; polling again');
      }
      if (this.isStopping) break;
      if (!records || records.length === 0) {
        const idle = EMPTY_POLL_BACKOFF_MS - (Date.now() - began);
        if (idle > 0) await this.wakeup.wait(idle);
        continue;
      }
      await this.#send(records);
    }
  }

  protected async close(): Promise<void> {
    clearTimeout(this.#commitTimer);
    if (this.#task) await this.#stopTask();
    if (this.#committer && !this.isCancelled) {
      const flushTimeout = this.#options.environment.worker.settings['offset.flush.timeout.ms'];
      if (!(await this.#submitted.awaitAllAcked(flushTimeout))) {
        this.logger.warn({ outstanding: this.#submitted.outstanding }, 'Records still unacknowledged at stop; their offsets are not committed');
      }
      await this.#committer.commit();
    }
    await this.#closeProducer();
    await this.#errors?.close();
    await closeTaskConverters(this.#converters);
  }

  protected override onStopRequested(): void {
    if (this.#task) void this.#stopTask();
  }

  protected override onCancel(): void {
    // Fails what is still in flight, so an abandoned task cannot write after its successor started.
    void this.#closeProducer();
  }

  #closeProducer(): Promise<void> {
    if (!this.#producer) return Promise.resolve();
    this.#producerClosed ??= this.#producer.close().catch((error: unknown) => this.logger.warn({ err: error }, 'Closing the producer failed'));
    return this.#producerClosed;
  }

  /** The connector's stop(), once, whatever asks for it first. */
  #stopTask(): Promise<void> {
    this.#taskStopped ??= (async () => {
      try {
        await this.#task!.stop();
      } catch (error) {
        this.logger.warn({ err: error }, 'SourceTask.stop() failed');
      }
    })();
    return this.#taskStopped;
  }

  async #send(records: readonly SourceRecord[]): Promise<void> {
    const operator = this.#errors!.operator;
    const toSend: ProducerRecord[] = [];
    const submitted: SubmittedRecord[] = [];
    const sent: SourceRecord[] = [];
    for (const record of records) {
      const conversion = convertSourceRecord(record, this.#converters!, operator);
      const converted = conversion instanceof Promise ? await conversion : conversion;
      const entry = this.#submitted.submit(record);
      if (converted === undefined) {
        entry.ack(null);
        continue;
      }
      toSend.push(converted);
      submitted.push(entry);
      if (operator.toleratesAll) sent.push(record);
    }
    if (toSend.length === 0) return;
    this.#producer!.send(toSend).then(
      (metadata) => {
        for (let i = 0; i < submitted.length; i++) submitted[i].ack(metadata[i] ?? null);
      },
      (error: unknown) => this.#sendFailed(submitted, sent, error),
    );
  }

  /** `records`: what was sent, kept only when failures are tolerated (they are reported). */
  async #sendFailed(submitted: readonly SubmittedRecord[], records: readonly SourceRecord[], error: unknown): Promise<void> {
    const cause = error instanceof Error ? error : new Error(String(error));
    const operator = this.#errors!.operator;
    if (!operator.toleratesAll) {
      this.#sendFailure ??= new ConnectException(`The producer could not write ${submitted.length} record(s) of this task to Kafka`, { cause });
      this.wakeup.ring();
      return;
    }
    for (let i = 0; i < submitted.length; i++) {
      await operator.fail('KAFKA_PRODUCE', 'TaskProducer', { kind: 'source', record: records[i] }, cause).catch(() => {});
      submitted[i].ack(null);
    }
  }

  /** Connect calls commitRecord() from the producer's callback: on acknowledgement, not at the offset commit. */
  #commitRecord(record: SourceRecord, metadata: RecordMetadata | null): void {
    const task = this.#task;
    if (!task) return;
    try {
      const done = task.commitRecord(record, metadata);
      if (done instanceof Promise) done.catch((error: unknown) => this.logger.error({ err: error }, 'SourceTask.commitRecord() failed'));
    } catch (error) {
      this.logger.error({ err: error }, 'SourceTask.commitRecord() failed');
    }
  }

  #scheduleCommit(): void {
    const interval = this.#options.environment.worker.settings['offset.flush.interval.ms'];
    this.#commitTimer = setTimeout(() => {
      void this.#committer!.commit().finally(() => {
        if (!this.isStopping) this.#scheduleCommit();
      });
    }, interval);
  }
}
