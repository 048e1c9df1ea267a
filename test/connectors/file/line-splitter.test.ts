import { describe, expect, it } from 'vitest';
import { LineSplitter, type Line } from '../../../connectors/file/line-splitter.ts';

function take(splitter: LineSplitter, max = 100): Line[] {
  const lines: Line[] = [];
  splitter.take(max, lines);
  return lines;
}

describe('LineSplitter', () => {
  it('splits on \\n and \\r\\n, giving the byte position after each line', () => {
    const splitter = new LineSplitter();
    splitter.push(Buffer.from('one\r\ntwo\n\nthree\n'));
    expect(take(splitter)).toEqual([
      { text: 'one', end: 5 },
      { text: 'two', end: 9 },
      { text: '', end: 10 },
      { text: 'three', end: 16 },
    ]);
    expect(splitter.position).toBe(16);
  });

  it('holds back a line until its newline arrives', () => {
    const splitter = new LineSplitter(100);
    splitter.push(Buffer.from('par'));
    expect(take(splitter)).toEqual([]);
    splitter.push(Buffer.from('tial\r'));
    expect(take(splitter)).toEqual([]);
    splitter.push(Buffer.from('\nnext'));
    expect(take(splitter)).toEqual([{ text: 'partial', end: 109 }]);
    expect(splitter.position).toBe(109);
  });

  it('counts bytes, not characters, and joins a character split across chunks', () => {
    const bytes = Buffer.from('héllo wörld\n');
    const splitter = new LineSplitter();
    splitter.push(bytes.subarray(0, 2));
    splitter.push(bytes.subarray(2));
    expect(take(splitter)).toEqual([{ text: 'héllo wörld', end: bytes.length }]);
  });

  it('takes at most max lines and keeps the rest for the next take', () => {
    const splitter = new LineSplitter();
    splitter.push(Buffer.from('a\nb\nc\n'));
    expect(take(splitter, 2).map((l) => l.text)).toEqual(['a', 'b']);
    expect(splitter.position).toBe(4);
    expect(take(splitter, 2)).toEqual([{ text: 'c', end: 6 }]);
  });
});
