/**
 * The standalone worker's offsets (`offset.storage.file.filename`): one local JSON file holding every
 * source partition's latest offset, rewritten atomically on each commit.
 *
 * Design: the whole table is small (one entry per source partition), so each set() rewrites the
 * whole file (temp file, fsync, rename) and resolves only after that: a crash loses no acknowledged
 * commit and never leaves a torn file. Writes are queued so they land in call order. Entries are
 * stored as the offsets topic's keys and values (Connect's JSON), so they can move to an offsets
 * topic unchanged. Format (version 1):
 *   {"version":1,"offsets":[{"key":["<connector>",{partition}],"value":{offset}}, ...]}
 * Connect's own standalone file is a Java-serialized map, which Sluice does not read or write.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SourceOffset, SourcePartition } from '../../connectors/sdk/index.ts';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import type { ConnectorOffsets } from '../herder/connect-types.ts';
import { atomicWriteFile, removeStaleTemporaries } from './atomic-write-file.ts';
import { encodeJson, isJsonObject, parseJsonText, toJsonText } from './internal-json.ts';
import type { OffsetBackingStore, OffsetEntries } from './offset-backing-store.ts';
import { validateOffsetMap } from './offset-records.ts';
import { OffsetTable } from './offset-table.ts';

export const OFFSET_FILE_VERSION = 1;

export class FileOffsetBackingStore implements OffsetBackingStore {
  readonly filename: string;
  #table = new OffsetTable();
  #writes: Promise<unknown> = Promise.resolve();

  constructor(options: { filename: string }) {
    this.filename = options.filename;
  }

  async start(): Promise<void> {
    this.#table = await loadOffsetFile(this.filename);
    await removeStaleTemporaries(this.filename);
  }

  async stop(): Promise<void> {
    await this.#writes;
  }

  async get(connector: string, partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>> {
    return this.#table.lookup(connector, partitions);
  }

  set(connector: string, entries: OffsetEntries): Promise<void> {
    let records;
    try {
      records = [...entries].map(([partition, offset]) => {
        validateOffsetMap('A source partition', partition);
        validateOffsetMap('A source offset', offset);
        return this.#table.recordFor(connector, partition, offset);
      });
    } catch (error) {
      return Promise.reject(error);
    }
    for (const record of records) this.#table.applyRecord(record.key, record.value);
    // The content is taken when the write runs, so a queued write also persists later sets.
    const write = this.#writes.then(() => atomicWriteFile(this.filename, offsetFileText(this.#table)));
    this.#writes = write.catch(() => {});
    return write.catch((error: unknown) => {
      throw new RuntimeError(RuntimeErrors.INTERNAL, `Could not write offsets file ${this.filename}: ${(error as Error).message}`, { cause: error });
    });
  }

  async connectorPartitions(connector: string): Promise<SourcePartition[]> {
    return this.#table.entriesOf(connector).map((e) => e.partition);
  }

  async connectorOffsets(connector: string): Promise<ConnectorOffsets> {
    return this.#table.connectorOffsets(connector);
  }
}

export function offsetFileText(table: OffsetTable): string {
  const offsets = table.all().map((e) => `    {"key":${e.key.toString('utf8')},"value":${toJsonText(e.offset)}}`);
  return `{\n  "version": ${OFFSET_FILE_VERSION},\n  "offsets": [\n${offsets.join(',\n')}\n  ]\n}\n`;
}

async function loadOffsetFile(filename: string): Promise<OffsetTable> {
  const table = new OffsetTable();
  let text: string;
  try {
    text = await readFile(filename, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new RuntimeError(RuntimeErrors.INTERNAL, `Could not read offsets file ${filename}: ${(error as Error).message}`, { cause: error });
    await mkdir(dirname(filename), { recursive: true });
    return table;
  }
  let parsed: unknown;
  try {
    parsed = parseJsonText(text);
  } catch (error) {
    throw new RuntimeError(RuntimeErrors.INVALID_CONFIG, `Offsets file ${filename} is not JSON (${(error as Error).message}); restore it or point offset.storage.file.filename elsewhere`, { cause: error });
  }
  if (!isJsonObject(parsed) || parsed.version !== OFFSET_FILE_VERSION || !Array.isArray(parsed.offsets)) {
    throw new RuntimeError(RuntimeErrors.INVALID_CONFIG, `Offsets file ${filename} is not a version ${OFFSET_FILE_VERSION} Sluice offsets file`);
  }
  for (const entry of parsed.offsets) {
    if (!isJsonObject(entry)) continue;
    table.applyRecord(encodeJson(entry.key), entry.value === null ? null : encodeJson(entry.value));
  }
  return table;
}
