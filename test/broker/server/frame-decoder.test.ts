import { describe, expect, it } from 'vitest';
import { FrameDecoder, FrameTooLargeError } from '../../../broker/server/frame-decoder.ts';

function frame(payload: Buffer): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeInt32BE(payload.length);
  return Buffer.concat([prefix, payload]);
}

describe('FrameDecoder', () => {
  const payloads = [Buffer.from('a'), Buffer.alloc(0), Buffer.from('hello world'), Buffer.alloc(70_000, 7)];
  const stream = Buffer.concat(payloads.map(frame));

  for (const chunkSize of [1, 3, 4, 5, 1000, 65_536, stream.length]) {
    it(`reassembles frames split into ${chunkSize}-byte chunks`, () => {
      const decoder = new FrameDecoder(1 << 20);
      const out: Buffer[] = [];
      for (let pos = 0; pos < stream.length; pos += chunkSize) out.push(...decoder.push(stream.subarray(pos, pos + chunkSize)));
      expect(out).toEqual(payloads);
    });
  }

  it('rejects a frame over the limit as soon as its size is known', () => {
    const decoder = new FrameDecoder(100);
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(101);
    expect(() => decoder.push(prefix)).toThrow(FrameTooLargeError);
  });

  it('rejects a negative size', () => {
    const decoder = new FrameDecoder(100);
    expect(() => decoder.push(Buffer.from([0xff, 0xff, 0xff, 0xfe]))).toThrow(FrameTooLargeError);
  });
});
