// The in-memory committed offsets: the record later in __consumer_offsets wins, whatever order writes complete in.
import { describe, expect, it } from 'vitest';
import { OffsetStore, type CommittedOffset } from '../../../broker/groups/offset-store.ts';

const at = (offset: number): CommittedOffset => ({ offset: BigInt(offset), leaderEpoch: -1, metadata: '', commitTimestamp: 0, expireTimestamp: null });

describe('OffsetStore', () => {
  it('keeps the value written later in the log when writes complete out of order', () => {
    const store = new OffsetStore();
    expect(store.put('g', 't', 0, at(20), 11)).toBe(true);
    expect(store.put('g', 't', 0, at(10), 10)).toBe(false);
    expect(store.get('g', 't', 0)?.offset).toBe(20n);
  });

  it('forgets empty topics and groups as offsets are deleted', () => {
    const store = new OffsetStore();
    store.put('g', 'b', 1, at(1), 0);
    store.put('g', 'b', 0, at(1), 1);
    store.put('g', 'a', 0, at(1), 2);
    expect(store.topics('g')).toEqual(['b', 'a']);
    expect(store.partitions('g', 'b')).toEqual([0, 1]);
    expect(store.delete('g', 'a', 0)).toBe(true);
    expect(store.delete('g', 'a', 0)).toBe(false);
    expect(store.topics('g')).toEqual(['b']);
    expect(store.deleteGroup('g')).toEqual([{ topic: 'b', partition: 1 }, { topic: 'b', partition: 0 }]);
    expect(store.hasOffsets('g')).toBe(false);
  });
});
