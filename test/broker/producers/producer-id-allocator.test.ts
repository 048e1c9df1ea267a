// Producer ids come from persisted blocks and are never handed out twice, across restarts too.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRODUCER_ID_BLOCK_FILE, ProducerIdAllocator } from '../../../broker/server/producer-id-allocator.ts';
import { tempDir } from '../log/log-fixtures.ts';

describe('ProducerIdAllocator', () => {
  it('persists the end of a block before handing out its first id', async () => {
    const dir = tempDir();
    const ids = ProducerIdAllocator.open(dir, 10);
    expect(await ids.allocate()).toBe(0n);
    expect(readFileSync(join(dir, PRODUCER_ID_BLOCK_FILE), 'utf8')).toBe('10\n');
    for (let i = 1; i < 10; i++) expect(await ids.allocate()).toBe(BigInt(i));
    expect(await ids.allocate()).toBe(10n);
    expect(readFileSync(join(dir, PRODUCER_ID_BLOCK_FILE), 'utf8')).toBe('20\n');
  });

  it('hands out distinct ids to concurrent callers', async () => {
    const ids = ProducerIdAllocator.open(tempDir(), 3);
    const got = await Promise.all(Array.from({ length: 20 }, () => ids.allocate()));
    expect(new Set(got).size).toBe(20);
    expect([...got].sort((a, b) => Number(a - b))).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i)));
  });

  it('starts after every reserved block on reopen, skipping the rest of the last one', async () => {
    const dir = tempDir();
    const first = ProducerIdAllocator.open(dir, 1000);
    await first.allocate();
    await first.allocate();
    const second = ProducerIdAllocator.open(dir, 1000);
    expect(await second.allocate()).toBe(1000n);
  });

  it('refuses to start from a damaged block file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, PRODUCER_ID_BLOCK_FILE), 'garbage');
    expect(() => ProducerIdAllocator.open(dir)).toThrow(/not a producer id/);
  });
});
