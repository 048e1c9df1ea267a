/**
 * Producer ids for InitProducerId, unique for the life of the data directory. Ids are reserved in blocks:
 * `<log.dirs>/producer-id-block` holds the first id after the last reserved block and is rewritten
 * (atomically, fsynced) before any id of a new block is handed out, so a restart, clean or not, starts
 * past every id ever given. A reused id would be fatal: partitions still remembering the old producer
 * would take the new one's first batches for retries and drop them. A restart skips the rest of its
 * block, as Kafka's id blocks do.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AtomicFile } from '../log/atomic-file.ts';

export const PRODUCER_ID_BLOCK_FILE = 'producer-id-block';
export const DEFAULT_PRODUCER_ID_BLOCK_SIZE = 1000;

export class ProducerIdAllocator {
  private readonly blockSize: number;
  private readonly file: AtomicFile;
  private next: number;
  private reservedEnd: number;
  private target: number;
  private reserving: Promise<void> | null = null;

  private constructor(path: string, firstFree: number, blockSize: number) {
    this.blockSize = blockSize;
    this.next = firstFree;
    this.reservedEnd = firstFree;
    this.target = firstFree;
    this.file = new AtomicFile(path, () => `${this.target}\n`);
  }

  /** Reads the block file (none yet: ids start at 0); a damaged one stops start-up rather than risk reuse. */
  static open(dataDir: string, blockSize = DEFAULT_PRODUCER_ID_BLOCK_SIZE): ProducerIdAllocator {
    const path = join(dataDir, PRODUCER_ID_BLOCK_FILE);
    let firstFree = 0;
    try {
      const text = readFileSync(path, 'utf8');
      firstFree = Number(text.trim());
      if (!/^\d+\s*$/.test(text) || !Number.isSafeInteger(firstFree)) {
        throw new Error(`${path} holds ${JSON.stringify(text.slice(0, 40))}, not a producer id; fix or remove it (removing may reuse ids)`);
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return new ProducerIdAllocator(path, firstFree, blockSize);
  }

  async allocate(): Promise<bigint> {
    while (this.next >= this.reservedEnd) {
      this.reserving ??= this.reserveBlock().finally(() => {
        this.reserving = null;
      });
      await this.reserving;
    }
    return BigInt(this.next++);
  }

  private async reserveBlock(): Promise<void> {
    this.target = this.reservedEnd + this.blockSize;
    await this.file.write();
    this.reservedEnd = this.target;
  }
}
