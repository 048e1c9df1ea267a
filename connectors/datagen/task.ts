/**
 * Generates records as fast as the pacer allows, a batch per poll, with no await per record. Its
 * source partition is {task} and each record's offset {seq}; a restarted task continues after the last
 * committed seq, so max.records counts across restarts.
 */
import { ConnectException, SourceTask, type Props, type SourceOffset, type SourceRecord } from '../sdk/index.ts';
import { DATAGEN_CONFIG } from './config.ts';
import { Pacer } from './pacer.ts';
import { RecordMaker } from './record-maker.ts';
import { recordShape } from './record-shape.ts';
import { sleep } from './sleep.ts';
import { VERSION } from './version.ts';

const IDLE_WAIT_MS = 1000;

export class DatagenTask extends SourceTask {
  #maker: RecordMaker | null = null;
  #pacer = new Pacer(0);
  #nextSeq = 0;
  #maxRecords = -1;
  #batchSize = 1;
  readonly #stopped = new AbortController();

  version(): string {
    return VERSION;
  }

  async start(props: Props): Promise<void> {
    const config = DATAGEN_CONFIG.parse(props);
    this.#maker = new RecordMaker({
      shape: recordShape(config),
      topic: config.topic,
      keySpace: config['key.space'],
      seed: config.seed ?? Math.floor(Math.random() * 2 ** 32),
      task: config['task.id'],
    });
    this.#pacer = new Pacer(config['records.per.second']);
    this.#maxRecords = config['max.records'];
    this.#batchSize = config['batch.size'];
    const offset = await this.context.offsetStorageReader.offset(this.#maker.sourcePartition);
    this.#nextSeq = offset === null ? 0 : lastSeq(offset) + 1;
  }

  async poll(): Promise<SourceRecord[] | null> {
    const maker = this.#maker;
    const signal = this.#stopped.signal;
    if (!maker || signal.aborted) return null;
    const left = this.#maxRecords < 0 ? Infinity : this.#maxRecords - this.#nextSeq;
    if (left <= 0) {
      await sleep(IDLE_WAIT_MS, signal);
      return null;
    }
    const count = await this.#pacer.take(Math.min(this.#batchSize, left), signal);
    if (count === 0 || signal.aborted) return null;
    const timestamp = Date.now();
    const records = new Array<SourceRecord>(count);
    for (let i = 0; i < count; i++) records[i] = maker.record(this.#nextSeq++, timestamp);
    return records;
  }

  stop(): void {
    this.#stopped.abort();
  }
}

function lastSeq(offset: SourceOffset): number {
  const seq = typeof offset.seq === 'bigint' || typeof offset.seq === 'string' ? Number(offset.seq) : offset.seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
    throw new ConnectException(`A datagen source offset is {"seq": <non-negative integer>}, got seq ${String(offset.seq)}`);
  }
  return seq;
}
