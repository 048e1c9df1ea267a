import { ConnectException, type SourceOffset } from '../sdk/index.ts';

/** The byte position a stored offset resumes from; 0 when nothing was stored. */
export function sourcePosition(offset: SourceOffset | null, filename: string): number {
  if (offset === null) return 0;
  const position = offset.position;
  const value = typeof position === 'bigint' || typeof position === 'string' ? Number(position) : position;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ConnectException(`The stored offset of ${filename} has no usable "position" (a byte count): ${JSON.stringify(offset, bigintText)}`);
  }
  return value;
}

function bigintText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
