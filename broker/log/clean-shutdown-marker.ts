/**
 * A file in the data dir that exists only while the broker is stopped after a clean shutdown (every log
 * flushed and closed). Its absence at start-up means the logs' tails must be validated.
 */
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDirectory } from './file-sync.ts';

export const CLEAN_SHUTDOWN_FILE = '.clean-shutdown';

export class CleanShutdownMarker {
  private readonly dataDir: string;
  private readonly path: string;

  constructor(dataDir: string) {
    this.dataDir = dataDir;
    this.path = join(dataDir, CLEAN_SHUTDOWN_FILE);
  }

  exists(): boolean {
    return existsSync(this.path);
  }

  /** Removed durably before anything is written, so a crash from here on is seen as unclean. */
  async remove(): Promise<void> {
    await rm(this.path, { force: true });
    await fsyncDirectory(this.dataDir);
  }

  async write(): Promise<void> {
    await writeFile(this.path, `${new Date().toISOString()}\n`);
    await fsyncDirectory(this.dataDir);
  }
}
