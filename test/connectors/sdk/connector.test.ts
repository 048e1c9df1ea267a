import { describe, expect, it } from 'vitest';
import {
  ConfigDef, ConnectException, RetriableException, Schema, SinkConnector, SinkRecord, SinkTask, SourceConnector, SourceRecord,
  SourceTask, TopicPartition, errorCount, type OffsetAndMetadata, type Props, type RecordMetadata, type SinkTaskContext, type SourceTaskContext,
} from '../../../connectors/sdk/index.ts';

const counterConfig = new ConfigDef<{ topic: string; 'max.count': number }>({
  type: 'object',
  properties: {
    topic: { type: 'string', minLength: 1, description: 'Topic to write to.' },
    'max.count': { type: 'integer', minimum: 1, default: 10, description: 'How many records to produce.' },
  },
  required: ['topic'],
});

class CounterTask extends SourceTask {
  #next = 0;
  #max = 0;
  #topic = '';
  committed: number[] = [];

  version(): string {
    return '1.0.0';
  }

  async start(props: Props): Promise<void> {
    const config = counterConfig.parse(props);
    this.#topic = config.topic;
    this.#max = config['max.count'];
    const offset = await this.context.offsetStorageReader.offset({ counter: this.#topic });
    this.#next = offset ? Number(offset.next) : 0;
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.#next >= this.#max) return null;
    const n = this.#next++;
    return [new SourceRecord({ sourcePartition: { counter: this.#topic }, sourceOffset: { next: n + 1 }, topic: this.#topic, valueSchema: Schema.INT32_SCHEMA, value: n })];
  }

  override commitRecord(record: SourceRecord, _metadata: RecordMetadata | null): void {
    this.committed.push(record.value as number);
  }

  stop(): void {}
}

class CounterConnector extends SourceConnector {
  #props: Props = {};

  version(): string {
    return '1.0.0';
  }
  config(): ConfigDef<unknown> {
    return counterConfig;
  }
  start(props: Props): void {
    this.#props = props;
  }
  taskClass() {
    return CounterTask;
  }
  taskConfigs(maxTasks: number): Props[] {
    return Array.from({ length: Math.min(maxTasks, 1) }, () => this.#props);
  }
  stop(): void {}
}

class MemorySinkTask extends SinkTask {
  written: unknown[] = [];
  flushed: Array<ReadonlyMap<TopicPartition, OffsetAndMetadata>> = [];

  version(): string {
    return '1.0.0';
  }
  start(): void {}
  put(records: readonly SinkRecord[]): void {
    if (records.some((r) => r.value === 'flaky')) throw new RetriableException('downstream busy');
    this.written.push(...records.map((r) => r.value));
  }
  override flush(offsets: ReadonlyMap<TopicPartition, OffsetAndMetadata>): void {
    this.flushed.push(offsets);
  }
  stop(): void {}
}

function sourceContext(props: Props, offsets: Record<string, Record<string, number>>): SourceTaskContext {
  return {
    configs: props,
    offsetStorageReader: {
      offset: async (partition) => offsets[JSON.stringify(partition)] ?? null,
      offsets: async (partitions) => new Map(partitions.map((p) => [p, offsets[JSON.stringify(p)] ?? null])),
    },
  };
}

describe('a source connector and task written against the SDK', () => {
  it('validates config per field through the default validate()', async () => {
    const result = await new CounterConnector().validate({ 'max.count': 'zero' });
    expect(errorCount(result)).toBe(2);
    expect(result.configs.find((c) => c.name === 'topic')?.errors).toEqual(['Missing required configuration "topic" which has no default value.']);
    expect(result.configs.find((c) => c.name === 'max.count')?.errors).toEqual(['Invalid value "zero" for configuration "max.count": must be integer']);
  });

  it('runs: task configs, resume from the stored offset, poll, commitRecord', async () => {
    const connector = new CounterConnector();
    connector.initialize({ requestTaskReconfiguration: () => {}, raiseError: () => {}, offsetStorageReader: sourceContext({}, {}).offsetStorageReader });
    await connector.start({ topic: 'numbers', 'max.count': '3' });
    const [taskProps] = await connector.taskConfigs(4);
    const Task = connector.taskClass();
    const task = new Task();
    task.initialize(sourceContext(taskProps, { '{"counter":"numbers"}': { next: 1 } }));
    await task.start(taskProps);
    const polled: unknown[] = [];
    for (let batch = await task.poll(); batch; batch = await task.poll()) {
      for (const record of batch) {
        polled.push(record.value);
        await task.commitRecord(record, { topic: record.topic, partition: 0, offset: 0, timestamp: null });
      }
    }
    expect(polled).toEqual([1, 2]);
    expect(task.committed).toEqual([1, 2]);
  });

  it('fails clearly when used before the runtime initialized it', () => {
    expect(() => new CounterTask().context).toThrow(ConnectException);
    expect(() => new CounterConnector().context).toThrow(/has no context yet/);
  });
});

describe('SinkTask defaults', () => {
  it('preCommit flushes and commits the offsets it was given', async () => {
    const task = new MemorySinkTask();
    const offsets = new Map([[TopicPartition.of('t', 0), { offset: 11 }]]);
    await task.put([new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 10, value: 'a' })]);
    expect(await task.preCommit(offsets)).toBe(offsets);
    expect(task.flushed).toEqual([offsets]);
    expect(task.written).toEqual(['a']);
  });

  it('signals retriable failures through the error type', () => {
    const task = new MemorySinkTask();
    let error: unknown;
    try {
      task.put([new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 1, value: 'flaky' })]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RetriableException);
    expect((error as RetriableException).retriable).toBe(true);
  });

  it('has a sink connector base with the topics config names and a typed context', () => {
    class Sink extends SinkConnector {
      version = () => '1';
      config = () => counterConfig;
      start() {}
      taskClass() {
        return MemorySinkTask;
      }
      taskConfigs = () => [];
      stop() {}
    }
    expect(SinkConnector.TOPICS_CONFIG).toBe('topics');
    const context = { requestTaskReconfiguration: () => {}, raiseError: () => {} };
    const sink = new Sink();
    sink.initialize(context);
    expect(sink.context).toBe(context);
    const taskContext = { configs: {} } as SinkTaskContext;
    const task = new (sink.taskClass())();
    task.initialize(taskContext);
    expect(task.context).toBe(taskContext);
  });
});
