import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StreamLines } from '../../../connectors/file/stream-lines.ts';

describe('StreamLines (standard input)', () => {
  it('reads the complete lines written so far and wakes a waiter when more arrive', async () => {
    const input = new PassThrough();
    const lines = new StreamLines(input);
    input.write('one\ntw');
    expect((await lines.read(10)).map((l) => l.text)).toEqual(['one']);
    const waiting = lines.wait(5_000, new AbortController().signal);
    const started = Date.now();
    input.write('o\n');
    await waiting;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await lines.read(10)).map((l) => l.text)).toEqual(['two']);
    await lines.close();
  });
});
