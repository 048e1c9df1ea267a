/** A Worker wired to the in-memory fakes, with a status recorder per connector and task. */
import { pino } from 'pino';
import { expect } from 'vitest';
import { builtinConverters } from '../../../../runtime/converters/index.ts';
import type { State } from '../../../../runtime/herder/connect-types.ts';
import { Worker, type ConnectorClass, type StatusListener, type TaskClients } from '../../../../runtime/worker/index.ts';
import { eventually } from '../../../support/eventually.ts';
import { FakeConsumer, FakeTopics } from './fake-consumer.ts';
import { FakeOffsetStore } from './fake-offset-store.ts';
import { FakeProducer } from './fake-producer.ts';

export interface StatusEntry {
  readonly state: State;
  readonly trace?: string;
}

export class StatusRecorder {
  readonly #history = new Map<string, StatusEntry[]>();

  listener(name: string): StatusListener {
    return (state, trace) => {
      let list = this.#history.get(name);
      if (!list) this.#history.set(name, (list = []));
      list.push(trace === undefined ? { state } : { state, trace });
    };
  }

  history(name: string): StatusEntry[] {
    return this.#history.get(name) ?? [];
  }

  states(name: string): State[] {
    return this.history(name).map((e) => e.state);
  }

  last(name: string): StatusEntry | undefined {
    return this.history(name).at(-1);
  }

  async waitFor(name: string, state: State, timeoutMs = 3000): Promise<StatusEntry> {
    return eventually(() => {
      const last = this.last(name);
      expect(last?.state, `status of ${name}`).toBe(state);
      return last!;
    }, timeoutMs);
  }
}

export const TEST_WORKER_PROPS: Readonly<Record<string, string>> = {
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'offset.flush.interval.ms': '50',
  'offset.flush.timeout.ms': '200',
  'task.shutdown.graceful.timeout.ms': '1000',
};

export class WorkerHarness {
  readonly topics = new FakeTopics();
  readonly store = new FakeOffsetStore();
  readonly producers: FakeProducer[] = [];
  readonly consumers: FakeConsumer[] = [];
  readonly statuses = new StatusRecorder();
  readonly classes = new Map<string, ConnectorClass>();
  readonly worker: Worker;
  readonly createdTopics: string[] = [];
  autoAck = true;

  constructor(props: Record<string, string> = {}) {
    const clients: TaskClients = {
      producer: async (request) => {
        const producer = new FakeProducer(request.clientId, this.autoAck);
        this.producers.push(producer);
        return producer;
      },
      consumer: async (request) => {
        const consumer = new FakeConsumer(this.topics, request);
        this.consumers.push(consumer);
        return consumer;
      },
      ensureTopic: async (topic) => {
        this.createdTopics.push(`${topic.name}:${topic.partitions}:${topic.replicationFactor}`);
      },
    };
    this.worker = new Worker({
      workerId: 'test-worker:8083',
      props: { ...TEST_WORKER_PROPS, ...props },
      plugins: {
        connectorClass: (name) => {
          const found = this.classes.get(name);
          if (!found) throw new Error(`no plugin ${name}`);
          return found;
        },
      },
      converters: builtinConverters(),
      clients,
      offsetStore: this.store,
      logger: pino({ level: process.env.WORKER_TEST_LOG ?? 'silent' }),
    });
  }

  register(name: string, connectorClass: ConnectorClass): this {
    this.classes.set(name, connectorClass);
    return this;
  }

  producer(clientId: string): FakeProducer {
    const found = this.producers.filter((p) => p.clientId === clientId).at(-1);
    if (!found) throw new Error(`no producer ${clientId}; have ${this.producers.map((p) => p.clientId).join(', ')}`);
    return found;
  }

  /** Every fake's recorded misuse. */
  violations(): string[] {
    return [...this.producers.flatMap((p) => p.violations), ...this.consumers.flatMap((c) => c.violations), ...this.store.violations];
  }
}
