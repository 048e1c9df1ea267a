/**
 * The log start offset of one partition, persisted in its directory. Only DeleteRecords needs it: after
 * retention the start offset is the first segment's base offset, so on load the larger of the two wins.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AtomicFile } from './atomic-file.ts';

export const LOG_START_OFFSET_FILE = 'log-start-offset';

export class LogStartOffsetCheckpoint {
  private value: number;
  private readonly file: AtomicFile;

  constructor(dir: string, value: number) {
    this.value = value;
    this.file = new AtomicFile(join(dir, LOG_START_OFFSET_FILE), () => `${this.value}\n`);
  }

  /** 0 when the partition never had records deleted. */
  static read(dir: string): number {
    let text: string;
    try {
      text = readFileSync(join(dir, LOG_START_OFFSET_FILE), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
    const value = Number(text.trim());
    return Number.isSafeInteger(value) && value >= 0 ? value : 0;
  }

  save(value: number): Promise<void> {
    this.value = Math.max(this.value, value);
    return this.file.write();
  }

  idle(): Promise<void> {
    return this.file.idle();
  }
}
