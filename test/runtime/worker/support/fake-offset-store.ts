/**
 * The offset store as tasks see it (get/set per connector), in memory. Every write is recorded; a
 * write can be made to hang or fail. Partitions are matched by content, as the real stores do.
 */
import type { SourceOffset, SourcePartition } from '../../../../connectors/sdk/index.ts';
import type { SourceOffsetStore } from '../../../../runtime/worker/index.ts';

export class FakeOffsetStore implements SourceOffsetStore {
  readonly #data = new Map<string, SourceOffset>();
  readonly writes: Array<{ connector: string; entries: Array<[SourcePartition, SourceOffset | null]> }> = [];
  readonly violations: string[] = [];
  /** When set, set() never settles (a broker that does not answer). */
  hang = false;
  failWith: Error | undefined;

  async get(connector: string, partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>> {
    return new Map(partitions.map((p) => [p, this.#data.get(key(connector, p)) ?? null]));
  }

  set(connector: string, entries: Iterable<readonly [SourcePartition, SourceOffset | null]>): Promise<void> {
    const list = [...entries].map(([p, o]) => [p, o] as [SourcePartition, SourceOffset | null]);
    if (list.length === 0) this.violations.push('set() with no entries');
    if (this.hang) return new Promise(() => {});
    if (this.failWith) return Promise.reject(this.failWith);
    this.writes.push({ connector, entries: list });
    for (const [p, o] of list) {
      if (o === null) this.#data.delete(key(connector, p));
      else this.#data.set(key(connector, p), o);
    }
    return Promise.resolve();
  }

  /** The stored offset, for assertions. */
  offset(connector: string, partition: SourcePartition): SourceOffset | undefined {
    return this.#data.get(key(connector, partition));
  }

  preset(connector: string, partition: SourcePartition, offset: SourceOffset): void {
    this.#data.set(key(connector, partition), offset);
  }
}

function key(connector: string, partition: SourcePartition): string {
  return JSON.stringify([connector, Object.keys(partition).sort().map((k) => [k, String(partition[k])])]);
}
