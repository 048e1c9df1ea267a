/** The SinkTaskContext a sink task gets: its requests go to the WorkerSinkTask that runs it. */
import {
  ConnectException, type ErrantRecordReporter, type Props, type SinkTaskContext, type TopicPartition,
} from '../../connectors/sdk/index.ts';

/** What the context asks of the running task. */
export interface SinkContextHost {
  assignment(): ReadonlySet<TopicPartition>;
  pause(partitions: readonly TopicPartition[]): void;
  resume(partitions: readonly TopicPartition[]): void;
  rewind(partition: TopicPartition, offset: number): void;
  retryTimeout(ms: number): void;
  requestCommit(): void;
  errantRecordReporter(): ErrantRecordReporter | null;
}

export class WorkerSinkTaskContext implements SinkTaskContext {
  readonly configs: Props;
  readonly #host: SinkContextHost;

  constructor(configs: Props, host: SinkContextHost) {
    this.configs = configs;
    this.#host = host;
  }

  offset(partition: TopicPartition, offset: number): void {
    if (!Number.isSafeInteger(offset) || offset < 0) throw new ConnectException(`Cannot rewind ${partition} to ${offset}: an offset is a non-negative integer`);
    this.#host.rewind(partition, offset);
  }

  offsets(offsets: ReadonlyMap<TopicPartition, number>): void {
    for (const [partition, offset] of offsets) this.offset(partition, offset);
  }

  timeout(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new ConnectException(`A retry timeout is a non-negative number of milliseconds, got ${ms}`);
    this.#host.retryTimeout(ms);
  }

  assignment(): ReadonlySet<TopicPartition> {
    return this.#host.assignment();
  }

  pause(...partitions: TopicPartition[]): void {
    this.#host.pause(this.#assigned(partitions, 'pause'));
  }

  resume(...partitions: TopicPartition[]): void {
    this.#host.resume(this.#assigned(partitions, 'resume'));
  }

  requestCommit(): void {
    this.#host.requestCommit();
  }

  errantRecordReporter(): ErrantRecordReporter | null {
    return this.#host.errantRecordReporter();
  }

  #assigned(partitions: TopicPartition[], what: string): TopicPartition[] {
    const assignment = this.#host.assignment();
    const foreign = partitions.filter((p) => !assignment.has(p));
    if (foreign.length > 0) throw new ConnectException(`A sink task may only ${what} partitions assigned to it; not assigned: ${foreign.join(', ')}`);
    return partitions;
  }
}
