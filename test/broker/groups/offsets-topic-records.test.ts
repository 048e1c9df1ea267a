/**
 * Golden bytes for the records the coordinator writes to __consumer_offsets: Kafka's key/value layouts,
 * spelled out field by field, so a change to the persisted format cannot slip through.
 */
import { describe, expect, it } from 'vitest';
import { decodeCoordinatorRecord, groupMetadataRecord, groupTombstone, offsetCommitRecord, offsetTombstone } from '../../../broker/groups/coordinator-record.ts';
import { javaStringHashCode, offsetsPartitionFor } from '../../../broker/groups/offsets-partition.ts';

function hex(...parts: string[]): Buffer {
  return Buffer.from(parts.join('').replace(/\s+/g, ''), 'hex');
}

const TS = 1_700_000_000_000; // 0x18bcfe56800
const TS_HEX = '0000018bcfe56800';

describe('__consumer_offsets records', () => {
  it('offset commit: key v1, value v3', () => {
    const rec = offsetCommitRecord(
      { group: 'g', topic: 't', partition: 3 },
      { offset: 42n, leaderEpoch: 5, metadata: 'm', commitTimestamp: TS, expireTimestamp: null },
    );
    expect(rec.key).toEqual(hex('0001', '0001 67', '0001 74', '00000003'));
    expect(rec.value).toEqual(hex('0003', '000000000000002a', '00000005', '0001 6d', TS_HEX));
    expect(decodeCoordinatorRecord(rec.key!, rec.value)).toEqual({
      kind: 'offset',
      key: { group: 'g', topic: 't', partition: 3 },
      value: { offset: 42n, leaderEpoch: 5, metadata: 'm', commitTimestamp: TS, expireTimestamp: null },
    });
  });

  it('offset commit with an explicit expiry: value v1', () => {
    const rec = offsetCommitRecord(
      { group: 'g', topic: 't', partition: 0 },
      { offset: 1n, leaderEpoch: -1, metadata: '', commitTimestamp: TS, expireTimestamp: TS + 1000 },
    );
    expect(rec.value).toEqual(hex('0001', '0000000000000001', '0000', TS_HEX, '0000018bcfe56be8'));
    const decoded = decodeCoordinatorRecord(rec.key!, rec.value);
    expect(decoded).toMatchObject({ value: { offset: 1n, leaderEpoch: -1, expireTimestamp: TS + 1000 } });
  });

  it('reads the other value versions Kafka writes: v0, v2 and flexible v4 (with tagged fields)', () => {
    const key = hex('0000', '0001 67', '0001 74', '00000000');
    expect(decodeCoordinatorRecord(key, hex('0000', '0000000000000009', '0001 6d', TS_HEX))).toMatchObject({ value: { offset: 9n, leaderEpoch: -1, metadata: 'm' } });
    expect(decodeCoordinatorRecord(key, hex('0002', '0000000000000009', '0000', TS_HEX))).toMatchObject({ value: { offset: 9n, commitTimestamp: TS } });
    // v4: compact string (length + 1), then one unknown tagged field (tag 7, 2 bytes) that must be skipped.
    const v4 = hex('0004', '0000000000000009', '00000002', '02 6d', TS_HEX, '01 07 02 abcd');
    expect(decodeCoordinatorRecord(key, v4)).toMatchObject({ value: { offset: 9n, leaderEpoch: 2, metadata: 'm' } });
  });

  it('group metadata: key v2, value v3', () => {
    const rec = groupMetadataRecord('g', {
      protocolType: 'consumer',
      generationId: 2,
      protocolName: 'range',
      leaderId: 'm1',
      stateTimestamp: TS,
      members: [
        {
          memberId: 'm1',
          groupInstanceId: null,
          clientId: 'c',
          clientHost: '/h',
          rebalanceTimeoutMs: 300_000,
          sessionTimeoutMs: 10_000,
          subscription: hex('01'),
          assignment: hex('02'),
        },
      ],
    });
    expect(rec.key).toEqual(hex('0002', '0001 67'));
    expect(rec.value).toEqual(
      hex(
        '0003',
        '0008', Buffer.from('consumer').toString('hex'),
        '00000002',
        '0005', Buffer.from('range').toString('hex'),
        '0002 6d31',
        TS_HEX,
        '00000001', // one member
        '0002 6d31', // memberId
        'ffff', // groupInstanceId null
        '0001 63', // clientId
        '0002 2f68', // clientHost
        '000493e0', // rebalance timeout
        '00002710', // session timeout
        '00000001 01', // subscription
        '00000001 02', // assignment
      ),
    );
    expect(decodeCoordinatorRecord(rec.key!, rec.value)).toEqual({
      kind: 'group',
      groupId: 'g',
      value: {
        protocolType: 'consumer',
        generationId: 2,
        protocolName: 'range',
        leaderId: 'm1',
        stateTimestamp: TS,
        members: [{ memberId: 'm1', groupInstanceId: null, clientId: 'c', clientHost: '/h', rebalanceTimeoutMs: 300_000, sessionTimeoutMs: 10_000, subscription: hex('01'), assignment: hex('02') }],
      },
    });
  });

  it('reads group metadata v0 (no rebalance timeout, no state time) as Kafka 0.10 wrote it', () => {
    const v0 = hex('0000', '0008', Buffer.from('consumer').toString('hex'), '00000001', 'ffff', 'ffff', '00000000');
    expect(decodeCoordinatorRecord(hex('0002', '0001 67'), v0)).toEqual({
      kind: 'group',
      groupId: 'g',
      value: { protocolType: 'consumer', generationId: 1, protocolName: null, leaderId: null, stateTimestamp: -1, members: [] },
    });
  });

  it('tombstones have null values; newer key versions are recognised as not ours', () => {
    expect(offsetTombstone({ group: 'g', topic: 't', partition: 1 }).value).toBeNull();
    expect(groupTombstone('g')).toEqual({ key: hex('0002', '0001 67'), value: null });
    expect(decodeCoordinatorRecord(hex('0003', '0001 67'), hex('0000'))).toEqual({ kind: 'unknown', keyVersion: 3 });
  });
});

describe('group to partition', () => {
  it('uses Java String.hashCode with the sign bit cleared', () => {
    expect(javaStringHashCode('hello')).toBe(99162322);
    expect(javaStringHashCode('')).toBe(0);
    expect(javaStringHashCode('polygenelubricants')).toBe(-2147483648);
    expect(offsetsPartitionFor('polygenelubricants', 50)).toBe(0);
    expect(offsetsPartitionFor('my-group', 50)).toBe(36);
    expect(offsetsPartitionFor('hello', 50)).toBe(22);
  });
});
