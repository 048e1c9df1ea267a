/**
 * The random numbers behind one record. Each record starts from a state derived from (seed, task,
 * sequence number) alone, so with a fixed seed a record's contents do not depend on batch sizes,
 * timing or restarts. The mixing is MurmurHash3's finalizer; the stream is mulberry32.
 */
const TWO_32 = 2 ** 32;

export class RecordRandom {
  #state = 0;

  reset(seed: number, task: number, seq: number): void {
    let h = mix(0x2545f491, seed % TWO_32);
    h = mix(h, Math.floor(seed / TWO_32));
    h = mix(h, task);
    h = mix(h, seq % TWO_32);
    this.#state = mix(h, Math.floor(seq / TWO_32));
  }

  /** Uniform in [0, 1), 32 bits of randomness. */
  next(): number {
    return this.uint32() / TWO_32;
  }

  uint32(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform integer in [min, max] (both safe integers). */
  int(min: number, max: number): number {
    const span = max - min + 1;
    if (span <= TWO_32) return min + Math.floor(this.next() * span);
    const fraction = (this.uint32() * 2 ** 21 + (this.uint32() >>> 11)) / 2 ** 53;
    return min + Math.floor(fraction * span);
  }

  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)];
  }
}

function mix(hash: number, value: number): number {
  let h = (hash ^ value) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
