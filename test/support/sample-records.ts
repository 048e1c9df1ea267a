// Deterministic records with binary keys/values and headers, some keyless, for interop round trips.
export interface SampleRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: [string, Buffer | null][];
}

export function sampleRecords(count: number): SampleRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    key: i % 4 === 0 ? null : Buffer.from(`key-${i}`),
    value: Buffer.from(Array.from({ length: (i * 13) % 300 }, (_, j) => (i + j * 31) % 256)),
    headers: i % 2 === 0 ? [['trace', Buffer.from(`t${i}`)], ['bin', Buffer.from([0, 255, i % 256])]] : [],
  }));
}
