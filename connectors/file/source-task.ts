/**
 * Emits each line of a file as a STRING record, with the file name as source partition and the byte
 * position after the line as source offset. When nothing new is there, poll() waits up to a second for
 * the file to appear or grow.
 */
import { Schema, SourceRecord, SourceTask, type Props } from '../sdk/index.ts';
import { FileLines } from './file-lines.ts';
import type { Line } from './line-splitter.ts';
import type { LineSource } from './line-source.ts';
import { SOURCE_CONFIG } from './source-config.ts';
import { sourcePosition } from './source-position.ts';
import { StreamLines } from './stream-lines.ts';
import { VERSION } from './version.ts';

const IDLE_WAIT_MS = 1000;

export class FileStreamSourceTask extends SourceTask {
  #lines: LineSource | null = null;
  #filename: string | null = null;
  #topic = '';
  #batchSize = 1;
  readonly #stopped = new AbortController();

  version(): string {
    return VERSION;
  }

  async start(props: Props): Promise<void> {
    const config = SOURCE_CONFIG.parse(props);
    this.#topic = config.topic;
    this.#batchSize = config['batch.size'];
    this.#filename = config.file ? config.file : null;
    if (this.#filename === null) {
      this.#lines = new StreamLines(process.stdin);
      return;
    }
    const offset = await this.context.offsetStorageReader.offset({ filename: this.#filename });
    this.#lines = new FileLines(this.#filename, sourcePosition(offset, this.#filename));
  }

  async poll(): Promise<SourceRecord[] | null> {
    const lines = this.#lines;
    if (!lines || this.#stopped.signal.aborted) return null;
    try {
      let batch = await lines.read(this.#batchSize);
      if (batch.length === 0) {
        await lines.wait(IDLE_WAIT_MS, this.#stopped.signal);
        if (this.#stopped.signal.aborted) return null;
        batch = await lines.read(this.#batchSize);
      }
      return batch.length === 0 ? null : this.#records(batch);
    } catch (error) {
      if (this.#stopped.signal.aborted) return null;
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.#stopped.abort();
    await this.#lines?.close();
  }

  #records(lines: readonly Line[]): SourceRecord[] {
    const sourcePartition = this.#filename === null ? null : { filename: this.#filename };
    const timestamp = Date.now();
    return lines.map((line) => new SourceRecord({
      sourcePartition,
      sourceOffset: sourcePartition && { position: line.end },
      topic: this.#topic,
      valueSchema: Schema.STRING_SCHEMA,
      value: line.text,
      timestamp,
    }));
  }
}
