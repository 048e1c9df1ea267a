/**
 * Fixed-width index entries held in memory and written to their file lazily, in bulk. Owners persist only
 * entries that describe log bytes already fsynced, so after a power failure every entry on disk points at
 * durable data and recovery may start walking the log from the last entry. Lookups never touch the file.
 */
import { closeSync, constants, existsSync, fstatSync, ftruncateSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { fsyncFd } from './file-sync.ts';

const INITIAL_ENTRIES = 64;

export class IndexFile {
  readonly path: string;
  readonly entryBytes: number;
  maxEntries: number;
  /** Whether the file was already there when opened (a missing index must be rebuilt). */
  readonly existed: boolean;
  private readonly fd: number;
  private data: Buffer;
  private count = 0;
  private persistedCount = 0;

  constructor(path: string, entryBytes: number, maxEntries: number) {
    this.path = path;
    this.entryBytes = entryBytes;
    this.maxEntries = maxEntries;
    this.existed = existsSync(path);
    this.fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o644);
    this.data = Buffer.alloc(entryBytes * INITIAL_ENTRIES);
  }

  /** Loads the file's entries; false when the file was missing or is not a whole number of entries long. */
  load(): boolean {
    const size = fstatSync(this.fd).size;
    const count = Math.floor(size / this.entryBytes);
    this.ensureCapacity(count);
    let done = 0;
    const wanted = count * this.entryBytes;
    while (done < wanted) {
      const got = readSync(this.fd, this.data, done, wanted - done, done);
      if (got === 0) break;
      done += got;
    }
    this.count = Math.floor(done / this.entryBytes);
    this.persistedCount = this.count;
    return this.existed && size % this.entryBytes === 0 && done === wanted;
  }

  get entryCount(): number {
    return this.count;
  }

  get isFull(): boolean {
    return this.count >= this.maxEntries;
  }

  /** The in-memory entries; valid up to entryCount * entryBytes, read-only for callers. */
  get bytes(): Buffer {
    return this.data;
  }

  /** Makes room for one more entry and returns its byte position in `bytes`. */
  push(): number {
    this.ensureCapacity(this.count + 1);
    return this.count++ * this.entryBytes;
  }

  truncate(count: number): void {
    if (count >= this.count) return;
    this.count = count;
    if (this.persistedCount > count) {
      ftruncateSync(this.fd, count * this.entryBytes);
      this.persistedCount = count;
    }
  }

  /** Drops every entry, including any unreadable bytes in the file. */
  clear(): void {
    this.count = 0;
    this.persistedCount = 0;
    ftruncateSync(this.fd, 0);
  }

  /** Writes entries [persisted, upTo) to the file (page cache). */
  persist(upTo: number = this.count): void {
    const end = Math.min(upTo, this.count) * this.entryBytes;
    let position = this.persistedCount * this.entryBytes;
    while (position < end) position += writeSync(this.fd, this.data, position, end - position, position);
    this.persistedCount = Math.max(this.persistedCount, end / this.entryBytes);
  }

  sync(): Promise<void> {
    return fsyncFd(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Call after close. */
  removeFile(): void {
    unlinkSync(this.path);
  }

  private ensureCapacity(entries: number): void {
    const needed = entries * this.entryBytes;
    if (needed <= this.data.length) return;
    const grown = Buffer.alloc(Math.max(needed, this.data.length * 2));
    this.data.copy(grown, 0, 0, this.count * this.entryBytes);
    this.data = grown;
  }
}
