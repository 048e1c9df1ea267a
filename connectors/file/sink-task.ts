/**
 * Appends each record's value to a file as a line, a whole batch per append (the file is opened in
 * append mode, so tasks sharing it never overwrite each other). flush() fsyncs, and the runtime commits
 * offsets only after it returns, so a committed record is on disk.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { ConnectException, SinkTask, type PartitionOffsets, type Props, type SinkRecord } from '../sdk/index.ts';
import { lineText } from './line-text.ts';
import { SINK_CONFIG } from './sink-config.ts';
import { VERSION } from './version.ts';

export class FileStreamSinkTask extends SinkTask {
  #filename: string | null = null;
  #handle: FileHandle | null = null;
  #unsynced = false;

  version(): string {
    return VERSION;
  }

  async start(props: Props): Promise<void> {
    const { file } = SINK_CONFIG.parse(props);
    this.#filename = file ? file : null;
    if (this.#filename === null) return;
    try {
      this.#handle = await open(this.#filename, 'a');
    } catch (error) {
      throw new ConnectException(`Could not open ${this.#filename} for appending: ${(error as Error).message}`, { cause: error });
    }
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    let text = '';
    for (const record of records) text += `${lineText(record.value)}\n`;
    if (this.#handle === null) {
      process.stdout.write(text);
      return;
    }
    try {
      await this.#handle.appendFile(text, 'utf8');
      this.#unsynced = true;
    } catch (error) {
      throw new ConnectException(`Could not append to ${this.#filename}: ${(error as Error).message}`, { cause: error });
    }
  }

  override async flush(_offsets: PartitionOffsets): Promise<void> {
    if (!this.#handle || !this.#unsynced) return;
    try {
      await this.#handle.sync();
      this.#unsynced = false;
    } catch (error) {
      throw new ConnectException(`Could not fsync ${this.#filename}: ${(error as Error).message}`, { cause: error });
    }
  }

  async stop(): Promise<void> {
    const handle = this.#handle;
    this.#handle = null;
    await handle?.close();
  }
}
