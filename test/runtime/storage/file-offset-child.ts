// Child process for the FileOffsetBackingStore tests: commits offsets {n: 1, 2, 3, ...} for one source
// partition, printing each n once set() has resolved, until killed (or until `count` commits).
import { FileOffsetBackingStore } from '../../../runtime/storage/file-offset-backing-store.ts';

const [filename, countText] = process.argv.slice(2);
const count = Number(countText ?? Infinity);
const store = new FileOffsetBackingStore({ filename });
await store.start();
const partition = { file: 'input.txt' };
const start = Number((await store.get('child', [partition])).get(partition)?.n ?? 0);
for (let n = start + 1; n <= start + count; n++) {
  await store.set('child', [[partition, { n, padding: 'x'.repeat(2_000) }]]);
  process.stdout.write(`${n}\n`);
}
await store.stop();
