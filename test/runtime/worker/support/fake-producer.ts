/**
 * A producer that acknowledges only when the test says so (or at once with autoAck). Strict: sending
 * after close, or closing twice, is recorded as a violation; tests assert there are none.
 */
import type { RecordMetadata } from '../../../../connectors/sdk/index.ts';
import type { ProducerRecord, TaskProducer } from '../../../../runtime/worker/index.ts';

export interface Send {
  readonly records: readonly ProducerRecord[];
  state: 'pending' | 'acked' | 'failed';
  resolve(metadata: RecordMetadata[]): void;
  reject(error: Error): void;
}

export class FakeProducer implements TaskProducer {
  readonly clientId: string;
  readonly sends: Send[] = [];
  readonly violations: string[] = [];
  /** Acknowledged records, in acknowledgement order, with where they landed. */
  readonly written: Array<{ record: ProducerRecord; metadata: RecordMetadata }> = [];
  autoAck: boolean;
  closed = false;
  readonly #next = new Map<string, number>();

  constructor(clientId: string, autoAck: boolean) {
    this.clientId = clientId;
    this.autoAck = autoAck;
  }

  send(records: readonly ProducerRecord[]): Promise<RecordMetadata[]> {
    if (this.closed) {
      this.violations.push(`send() after close() (${records.length} records)`);
      return Promise.reject(new Error('producer closed'));
    }
    return new Promise((resolve, reject) => {
      const send: Send = { records: [...records], state: 'pending', resolve, reject };
      this.sends.push(send);
      if (this.autoAck) queueMicrotask(() => this.ack(send));
    });
  }

  get pending(): Send[] {
    return this.sends.filter((s) => s.state === 'pending');
  }

  /** Acknowledges a send (default: the oldest pending one). */
  ack(send: Send | undefined = this.pending[0]): void {
    if (!send || send.state !== 'pending') throw new Error('nothing pending to acknowledge');
    send.state = 'acked';
    const metadata = send.records.map((record) => {
      const partition = record.partition ?? 0;
      const key = `${record.topic}-${partition}`;
      const offset = this.#next.get(key) ?? 0;
      this.#next.set(key, offset + 1);
      const meta: RecordMetadata = { topic: record.topic, partition, offset, timestamp: record.timestamp ?? 0 };
      this.written.push({ record, metadata: meta });
      return meta;
    });
    send.resolve(metadata);
  }

  fail(send: Send | undefined = this.pending[0], error = new Error('produce failed')): void {
    if (!send || send.state !== 'pending') throw new Error('nothing pending to fail');
    send.state = 'failed';
    send.reject(error);
  }

  async flush(): Promise<void> {
    while (this.pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }

  async close(): Promise<void> {
    if (this.closed) this.violations.push('close() called twice');
    this.closed = true;
  }
}
