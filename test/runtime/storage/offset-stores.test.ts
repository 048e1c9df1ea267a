// Memory and file offset stores: lookups by partition identity, tombstones, connector listings, and
// for the file store durability across a process restart and atomicity under SIGKILL.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { createOffsetStorageReader, FileOffsetBackingStore, MemoryOffsetBackingStore, type OffsetBackingStore } from '../../../runtime/storage/index.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-offsets-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const variants: Array<[string, () => OffsetBackingStore]> = [
  ['MemoryOffsetBackingStore', () => new MemoryOffsetBackingStore()],
  ['FileOffsetBackingStore', () => new FileOffsetBackingStore({ filename: join(tempDir(), 'offsets.json') })],
];

for (const [name, create] of variants) {
  describe(name, () => {
    it('stores, finds (whatever the member order), lists and forgets offsets per connector', async () => {
      const store = create();
      await store.start();
      const p1 = { db: 'inventory', table: 'orders' };
      const p2 = { db: 'inventory', table: 'customers' };
      await store.set('src', [
        [p1, { lsn: 10 }],
        [p2, { lsn: 20 }],
      ]);
      await store.set('other', [[p1, { lsn: 99 }]]);
      const asked = { table: 'orders', db: 'inventory' };
      const found = await store.get('src', [asked, { db: 'nope' }]);
      expect(found.get(asked)).toEqual({ lsn: 10 });
      expect(found.get([...found.keys()][1])).toBeNull();
      expect(await store.connectorPartitions('src')).toEqual([p1, p2]);
      await store.set('src', [[asked, { lsn: 11 }]]);
      expect((await store.connectorOffsets('src')).offsets).toEqual([
        { partition: p1, offset: { lsn: 11 } },
        { partition: p2, offset: { lsn: 20 } },
      ]);
      await store.set('src', [[p2, null]]);
      expect(await store.connectorPartitions('src')).toEqual([p1]);
      expect((await store.get('other', [p1])).get(p1)).toEqual({ lsn: 99 });
      const reader = createOffsetStorageReader(store, 'src');
      expect(await reader.offset(p1)).toEqual({ lsn: 11 });
      expect(await reader.offset(p2)).toBeNull();
      await store.stop();
    });

    it('rejects nested values in partitions and offsets (Connect allows primitives only)', async () => {
      const store = create();
      await store.start();
      await expect(store.set('src', [[{ a: 1 }, { nested: { x: 1 } } as never]])).rejects.toMatchObject({ kind: { code: 'BAD_REQUEST' } });
      await expect(store.set('src', [[{ a: [1] } as never, { x: 1 }]])).rejects.toMatchObject({ kind: { code: 'BAD_REQUEST' } });
    });
  });
}

describe('FileOffsetBackingStore', () => {
  it('writes a readable version 1 file, matching its golden file', async () => {
    const filename = join(tempDir(), 'offsets.json');
    const store = new FileOffsetBackingStore({ filename });
    await store.start();
    await store.set('inventory-source', [[{ server: 'inventory' }, { lsn: 9007199254740993n, txId: 7 }]]);
    await store.set('file-source', [
      [{ filename: '/data/in.txt' }, { position: 120 }],
      [{ filename: '/data/old.txt' }, { position: 5 }],
    ]);
    await store.set('file-source', [[{ filename: '/data/old.txt' }, null]]);
    const golden = join(import.meta.dirname, 'golden', 'offsets-file-v1.json');
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, readFileSync(filename));
    expect(readFileSync(filename, 'utf8')).toBe(readFileSync(golden, 'utf8'));
  });

  it('keeps every acknowledged commit across a process restart', async () => {
    const filename = join(tempDir(), 'nested', 'offsets.json');
    const printed = await runChild(filename, { count: 5 });
    expect(printed.at(-1)).toBe(5);
    const store = new FileOffsetBackingStore({ filename });
    await store.start();
    const partition = { file: 'input.txt' };
    expect((await store.get('child', [partition])).get(partition)).toMatchObject({ n: 5 });
    // A second process resumes from there.
    expect((await runChild(filename, { count: 3 })).at(-1)).toBe(8);
  });

  it('is never torn by SIGKILL mid-commit and holds at least the last acknowledged offset', async () => {
    const dir = tempDir();
    const filename = join(dir, 'offsets.json');
    for (let round = 0; round < 3; round++) {
      const printed = await runChild(filename, { killAfterMs: 150 + round * 50 });
      const store = new FileOffsetBackingStore({ filename });
      await store.start();
      const partition = { file: 'input.txt' };
      const n = Number((await store.get('child', [partition])).get(partition)?.n ?? 0);
      expect(n).toBeGreaterThanOrEqual(printed.at(-1) ?? 0);
    }
    // Temporary files of killed writes are never read, and removed at the next start.
    expect(readdirSync(dir)).toEqual(['offsets.json']);
  });

  it('refuses a file that is not a Sluice offsets file', async () => {
    const filename = join(tempDir(), 'offsets.json');
    writeFileSync(filename, '{"offsets": {}}');
    await expect(new FileOffsetBackingStore({ filename }).start()).rejects.toMatchObject({ kind: { code: 'INVALID_CONFIG' } });
    writeFileSync(filename, '\u0000\u0001garbage');
    await expect(new FileOffsetBackingStore({ filename }).start()).rejects.toMatchObject({ kind: { code: 'INVALID_CONFIG' } });
  });
});

/** Runs file-offset-child.ts; returns the commit numbers it acknowledged. */
async function runChild(filename: string, options: { count?: number; killAfterMs?: number }): Promise<number[]> {
  const args = [join(import.meta.dirname, 'file-offset-child.ts'), filename];
  if (options.count !== undefined) args.push(String(options.count));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const printed: number[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => printed.push(Number(line)));
  let killTimer: NodeJS.Timeout | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (options.killAfterMs !== undefined) {
    // Count from the first acknowledged commit, so the kill lands while commits are streaming.
    const started = new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    await Promise.race([started, exited]);
    killTimer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
  }
  await exited;
  clearTimeout(killTimer);
  // Lines read before the exit event are all in; let the readline queue drain.
  await new Promise((resolve) => setImmediate(resolve));
  return printed;
}
