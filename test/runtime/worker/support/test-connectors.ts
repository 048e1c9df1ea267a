/**
 * Connectors whose tasks do what the test scripts: a source task polls batches from a queue, a sink
 * task hands each put() to the script. Every call is logged in `events` for order assertions.
 */
import {
  ConfigDef, SinkConnector, SinkTask, SourceConnector, SourceRecord, SourceTask,
  type PartitionOffsets, type Props, type RecordMetadata, type SinkRecord, type SinkTaskContext, type SourceTaskContext, type TopicPartition,
} from '../../../../connectors/sdk/index.ts';
import type { ConnectorClass } from '../../../../runtime/worker/index.ts';

const ANY_CONFIG = new ConfigDef({ type: 'object', properties: {} });

export class SourceScript {
  readonly events: string[] = [];
  readonly queue: Array<SourceRecord[] | Error | null> = [];
  readonly committed: Array<{ record: SourceRecord; metadata: RecordMetadata | null }> = [];
  readonly contexts: SourceTaskContext[] = [];
  startError: Error | undefined;
  /** How long poll() waits for something to arrive in the queue before answering null. */
  idleMs = 20;
  /** When set, stop() never makes a pending poll settle and poll() ignores stop (a badly behaved task). */
  ignoreStop = false;
  polls = 0;
  commits = 0;
  #ring: (() => void) | undefined;

  push(...items: Array<SourceRecord[] | Error | null>): void {
    this.queue.push(...items);
    this.#ring?.();
  }

  /** Test connector class; task configs are `count` copies of the connector config. */
  connectorClass(): ConnectorClass {
    const script = this;
    class ScriptedSourceTask extends SourceTask {
      #stopped = false;
      version(): string {
        return '1.0.0';
      }
      async start(): Promise<void> {
        script.events.push('start');
        script.contexts.push(this.context);
        if (script.startError) throw script.startError;
      }
      async poll(): Promise<SourceRecord[] | null> {
        script.polls++;
        if (script.queue.length === 0 && (!this.#stopped || script.ignoreStop)) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, script.ignoreStop ? 60_000 : script.idleMs);
            script.#ring = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
        const next = script.queue.shift();
        if (next instanceof Error) throw next;
        return next ?? null;
      }
      stop(): void {
        this.#stopped = true;
        script.events.push('stop');
        if (!script.ignoreStop) script.#ring?.();
      }
      override commit(): void {
        script.commits++;
        script.events.push('commit');
      }
      override commitRecord(record: SourceRecord, metadata: RecordMetadata | null): void {
        script.committed.push({ record, metadata });
      }
    }
    class ScriptedSourceConnector extends SourceConnector {
      #props: Props = {};
      version(): string {
        return '1.0.0';
      }
      config(): ConfigDef<unknown> {
        return ANY_CONFIG;
      }
      start(props: Props): void {
        this.#props = props;
      }
      taskClass(): typeof ScriptedSourceTask {
        return ScriptedSourceTask;
      }
      taskConfigs(maxTasks: number): Props[] {
        return Array.from({ length: maxTasks }, (_, i) => ({ ...this.#props, 'task.index': String(i) }));
      }
      stop(): void {}
    }
    return ScriptedSourceConnector;
  }
}

/** A record from partition `file` at position `position`, value `value`. */
export function sourceRecord(file: string, position: number, value: string, topic = 'out'): SourceRecord {
  return new SourceRecord({ sourcePartition: { file }, sourceOffset: { position }, topic, value });
}

export class SinkScript {
  readonly events: string[] = [];
  /** Every put() call's records. */
  readonly puts: SinkRecord[][] = [];
  /** Records of put() calls that returned normally. */
  readonly received: SinkRecord[] = [];
  readonly opened: TopicPartition[][] = [];
  readonly closed: TopicPartition[][] = [];
  readonly preCommits: Array<Map<TopicPartition, number>> = [];
  context: SinkTaskContext | undefined;
  startError: Error | undefined;
  /** Decides each put(): throw to fail it. */
  onPut: (records: readonly SinkRecord[], call: number) => void | Promise<void> = () => {};
  /** What preCommit() answers (default: everything it is given). */
  onPreCommit: (offsets: PartitionOffsets) => PartitionOffsets | Promise<PartitionOffsets> = (offsets) => offsets;
  onOpen: (partitions: readonly TopicPartition[], context: SinkTaskContext) => void = () => {};

  connectorClass(): ConnectorClass {
    const script = this;
    class ScriptedSinkTask extends SinkTask {
      version(): string {
        return '1.0.0';
      }
      start(): void {
        script.events.push('start');
        script.context = this.context;
        if (script.startError) throw script.startError;
      }
      async put(records: readonly SinkRecord[]): Promise<void> {
        const call = script.puts.push([...records]) - 1;
        if (records.length > 0) script.events.push(`put:${records.map((r) => String(r.value)).join(',')}`);
        await script.onPut(records, call);
        script.received.push(...records);
      }
      override async preCommit(offsets: PartitionOffsets): Promise<PartitionOffsets> {
        script.events.push('preCommit');
        script.preCommits.push(new Map([...offsets].map(([tp, o]) => [tp, o.offset])));
        return script.onPreCommit(offsets);
      }
      override open(partitions: readonly TopicPartition[]): void {
        script.events.push(`open:${partitions.join(',')}`);
        script.opened.push([...partitions]);
        script.onOpen(partitions, this.context);
      }
      override close(partitions: readonly TopicPartition[]): void {
        script.events.push(`close:${partitions.join(',')}`);
        script.closed.push([...partitions]);
      }
      stop(): void {
        script.events.push('stop');
      }
    }
    class ScriptedSinkConnector extends SinkConnector {
      #props: Props = {};
      version(): string {
        return '1.0.0';
      }
      config(): ConfigDef<unknown> {
        return ANY_CONFIG;
      }
      start(props: Props): void {
        this.#props = props;
      }
      taskClass(): typeof ScriptedSinkTask {
        return ScriptedSinkTask;
      }
      taskConfigs(maxTasks: number): Props[] {
        return Array.from({ length: maxTasks }, () => ({ ...this.#props }));
      }
      stop(): void {}
    }
    return ScriptedSinkConnector;
  }
}
