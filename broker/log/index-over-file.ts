/**
 * What the offset index and the time index share: an IndexFile of fixed-size entries for one
 * segment, and the file chores (clear, persist, fsync, close, delete) delegated to it.
 */
import { IndexFile } from './index-file.ts';

export abstract class IndexOverFile {
  protected readonly file: IndexFile;
  readonly baseOffset: number;

  constructor(path: string, baseOffset: number, maxIndexBytes: number, entryBytes: number) {
    this.baseOffset = baseOffset;
    this.file = new IndexFile(path, entryBytes, Math.floor(maxIndexBytes / entryBytes));
  }

  clear(): void {
    this.file.clear();
  }

  persist(upToEntries?: number): void {
    this.file.persist(upToEntries);
  }

  sync(): Promise<void> {
    return this.file.sync();
  }

  close(): void {
    this.file.close();
  }

  removeFile(): void {
    this.file.removeFile();
  }
}
