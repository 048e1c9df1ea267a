// The `connect` group protocol's metadata and assignments: Kafka Connect's byte layout, both directions.
import { describe, expect, it } from 'vitest';
import {
  AssignmentErrors, CONNECT_PROTOCOL_V1, ConnectProtocolError, decodeAssignment, decodeMetadata, encodeAssignment, encodeMetadata,
  work, type ConnectAssignment,
} from '../../../runtime/distributed/index.ts';

const assignment: ConnectAssignment = {
  version: CONNECT_PROTOCOL_V1,
  error: AssignmentErrors.NONE,
  leader: 'leader-1',
  leaderUrl: 'http://l:8083',
  configOffset: 7,
  assigned: work(['a'], [{ connector: 'a', task: 0 }, { connector: 'b', task: 1 }]),
  revoked: work([], [{ connector: 'c', task: 2 }]),
  delayMs: 1500,
};

describe('connect protocol', () => {
  it('encodes an assignment byte for byte as Connect does (v1)', () => {
    const hex = encodeAssignment(assignment).toString('hex');
    const expected = [
      '0001', // version
      '0000', // error
      '0008', Buffer.from('leader-1').toString('hex'),
      '000d', Buffer.from('http://l:8083').toString('hex'),
      '0000000000000007', // config offset
      '00000002', // two connectors in the assignment
      '0001', '61', '00000002', 'ffffffff', '00000000', // "a": the connector itself (-1) and task 0
      '0001', '62', '00000001', '00000001', // "b": task 1
      '00000001', '0001', '63', '00000001', '00000002', // revoked "c": task 2
      '000005dc', // delay 1500
    ].join('');
    expect(hex).toBe(expected);
  });

  it('round-trips assignments and metadata with the current assignment embedded', () => {
    expect(decodeAssignment(encodeAssignment(assignment))).toEqual(assignment);
    const metadata = { version: 1, url: 'http://w1:8083', configOffset: 42, assignment };
    expect(decodeMetadata(encodeMetadata(metadata))).toEqual(metadata);
    const none = { version: 1, url: 'http://w2:8083', configOffset: -1, assignment: null };
    expect(decodeMetadata(encodeMetadata(none))).toEqual(none);
  });

  it('reads v0 (eager) metadata and assignments, which lack the trailing fields', () => {
    const v0 = encodeMetadata({ version: 0, url: 'http://old:8083', configOffset: 3, assignment: null });
    expect(v0.length).toBe(2 + 2 + 15 + 8);
    expect(decodeMetadata(v0)).toEqual({ version: 0, url: 'http://old:8083', configOffset: 3, assignment: null });
    const old = encodeAssignment({ ...assignment, version: 0 });
    const decoded = decodeAssignment(old);
    expect(decoded.assigned).toEqual(assignment.assigned);
    expect(decoded.revoked).toEqual(work([], []));
    expect(decoded.delayMs).toBe(0);
  });

  it('refuses truncated data with a ConnectProtocolError', () => {
    const bytes = encodeAssignment(assignment);
    expect(() => decodeAssignment(bytes.subarray(0, 10))).toThrow(ConnectProtocolError);
  });
});
