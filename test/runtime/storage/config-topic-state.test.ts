// The config topic's state machine (Connect's KafkaConfigBackingStore semantics), fed raw records the
// way they come off the topic.
import { describe, expect, it } from 'vitest';
import { decodeConfigRecord, parseTaskKey } from '../../../runtime/storage/config-records.ts';
import { ConfigTopicState, type ConfigUpdate } from '../../../runtime/storage/config-topic-state.ts';

/** Feeds [key, JSON text | null] records at offsets 0, 1, ...; returns all updates. */
function feed(state: ConfigTopicState, records: Array<[string, string | null]>, start = 0): ConfigUpdate[] {
  return records.flatMap(([key, value], i) => state.apply(decodeConfigRecord(Buffer.from(key), value === null ? null : Buffer.from(value)), start + i));
}

const conf = (n: number) => `{"properties":{"connector.class":"X","n":"${n}"}}`;

describe('ConfigTopicState', () => {
  it('applies connector configs at once and gives them the STARTED target state', () => {
    const state = new ConfigTopicState();
    expect(feed(state, [['connector-a', conf(1)]])).toEqual([{ type: 'connector-config-updated', connector: 'a' }]);
    const snapshot = state.snapshot();
    expect(snapshot.connectors()).toEqual(['a']);
    expect(snapshot.connectorConfig('a')).toEqual({ 'connector.class': 'X', n: '1' });
    expect(snapshot.targetState('a')).toBe('STARTED');
    expect(snapshot.offset).toBe(1);
  });

  it('holds task configs back until the commit record, then applies them together', () => {
    const state = new ConfigTopicState();
    feed(state, [['connector-a', conf(1)], ['task-a-0', conf(10)], ['task-a-1', conf(11)]]);
    expect(state.snapshot().tasks('a')).toEqual([]);
    expect(state.snapshot().taskConfig({ connector: 'a', task: 0 })).toBeUndefined();
    expect(feed(state, [['commit-a', '{"tasks":2}']], 3)).toEqual([
      { type: 'task-configs-committed', connector: 'a', tasks: [{ connector: 'a', task: 0 }, { connector: 'a', task: 1 }] },
    ]);
    const snapshot = state.snapshot();
    expect(snapshot.tasks('a')).toEqual([{ connector: 'a', task: 0 }, { connector: 'a', task: 1 }]);
    expect(snapshot.taskConfigs('a')).toEqual([{ 'connector.class': 'X', n: '10' }, { 'connector.class': 'X', n: '11' }]);
    expect(snapshot.taskCount('a')).toBe(2);
    expect(snapshot.offset).toBe(4);
  });

  it('ignores task records that no commit follows', () => {
    const state = new ConfigTopicState();
    feed(state, [['connector-a', conf(1)], ['task-a-0', conf(10)], ['commit-a', '{"tasks":1}'], ['task-a-0', conf(20)]]);
    expect(state.snapshot().taskConfigs('a')).toEqual([{ 'connector.class': 'X', n: '10' }]);
  });

  it('marks a connector inconsistent when its commit lacks task records, until a complete commit', () => {
    const state = new ConfigTopicState();
    // task-a-0 was compacted away: the commit of 2 tasks finds only task 1.
    const updates = feed(state, [['connector-a', conf(1)], ['task-a-1', conf(11)], ['commit-a', '{"tasks":2}']]);
    expect(updates.at(-1)).toEqual({ type: 'task-configs-committed', connector: 'a', tasks: [] });
    let snapshot = state.snapshot();
    expect(snapshot.isInconsistent('a')).toBe(true);
    expect(snapshot.inconsistentConnectors()).toEqual(['a']);
    expect(snapshot.tasks('a')).toEqual([]);
    expect(snapshot.taskCount('a')).toBe(2);
    // Held records are dropped at every commit: task 0 alone cannot complete the set with the old task 1.
    feed(state, [['task-a-0', conf(10)], ['commit-a', '{"tasks":2}']], 3);
    expect(state.snapshot().isInconsistent('a')).toBe(true);
    feed(state, [['task-a-0', conf(10)], ['task-a-1', conf(11)], ['commit-a', '{"tasks":2}']], 5);
    snapshot = state.snapshot();
    expect(snapshot.isInconsistent('a')).toBe(false);
    expect(snapshot.tasks('a')).toHaveLength(2);
  });

  it('tolerates extra task records left behind by compaction (fewer tasks than before)', () => {
    const state = new ConfigTopicState();
    feed(state, [['connector-a', conf(1)], ['task-a-1', conf(11)], ['task-a-0', conf(20)], ['commit-a', '{"tasks":1}']]);
    const snapshot = state.snapshot();
    expect(snapshot.isInconsistent('a')).toBe(false);
    expect(snapshot.taskConfigs('a')).toEqual([{ 'connector.class': 'X', n: '20' }]);
  });

  it('commits zero tasks', () => {
    const state = new ConfigTopicState();
    feed(state, [['connector-a', conf(1)], ['task-a-0', conf(10)], ['commit-a', '{"tasks":1}'], ['commit-a', '{"tasks":0}']]);
    expect(state.snapshot().tasks('a')).toEqual([]);
    expect(state.snapshot().isInconsistent('a')).toBe(false);
  });

  it('deletes a connector with its task configs on a tombstone; the target state goes with its own tombstone', () => {
    const state = new ConfigTopicState();
    feed(state, [['target-state-a', '{"state":"PAUSED","state.v2":"PAUSED"}'], ['connector-a', conf(1)], ['task-a-0', conf(10)], ['commit-a', '{"tasks":1}']]);
    expect(feed(state, [['connector-a', null]], 4)).toEqual([{ type: 'connector-config-removed', connector: 'a' }]);
    let snapshot = state.snapshot();
    expect(snapshot.contains('a')).toBe(false);
    expect(snapshot.tasks('a')).toEqual([]);
    expect(snapshot.taskConfig({ connector: 'a', task: 0 })).toBeUndefined();
    expect(snapshot.targetState('a')).toBe('PAUSED');
    expect(feed(state, [['target-state-a', null]], 5)).toEqual([]);
    snapshot = state.snapshot();
    expect(snapshot.targetState('a')).toBeUndefined();
  });

  it('falls back to STARTED when a target state is deleted but the connector still exists', () => {
    const state = new ConfigTopicState();
    feed(state, [['connector-a', conf(1)], ['target-state-a', '{"state":"PAUSED"}'], ['target-state-a', null]]);
    expect(state.snapshot().targetState('a')).toBe('STARTED');
  });

  it('ignores a commit for a connector that no longer exists (compacted deletion)', () => {
    const state = new ConfigTopicState();
    const updates = feed(state, [['task-gone-0', conf(1)], ['commit-gone', '{"tasks":1}']]);
    expect(updates).toEqual([]);
    expect(state.snapshot().contains('gone')).toBe(false);
    expect(state.snapshot().taskCount('gone')).toBe(0);
  });

  describe('target states', () => {
    const cases: Array<[string, string | undefined]> = [
      ['{"state":"PAUSED"}', 'PAUSED'], // Connect before 3.5
      ['{"state":"STARTED"}', 'STARTED'],
      ['{"state":"PAUSED","state.v2":"STOPPED"}', 'STOPPED'],
      ['{"state":"PAUSED","state.v2":"PAUSED"}', 'PAUSED'],
      ['{"state":"STARTED","state.v2":null}', 'STARTED'],
      ['{"state":"PAUSED","state.v2":7}', 'PAUSED'], // non-string v2: fall back on "state"
      ['{"state":"RUNNING"}', undefined], // not a target state: skipped
      ['{"state.v2":"STOPPED"}', 'STOPPED'],
      ['{}', undefined],
      ['"PAUSED"', undefined],
    ];
    for (const [value, expected] of cases) {
      it(`${value} -> ${expected ?? 'skipped'}`, () => {
        const state = new ConfigTopicState();
        feed(state, [['connector-a', conf(1)], ['target-state-a', value]]);
        expect(state.snapshot().targetState('a')).toBe(expected ?? 'STARTED');
      });
    }

    it('reports changes only, and only for existing connectors', () => {
      const state = new ConfigTopicState();
      expect(feed(state, [['target-state-a', '{"state":"PAUSED","state.v2":"STOPPED"}']])).toEqual([]);
      // A config written after its initial target state keeps that state.
      feed(state, [['connector-a', conf(1)]], 1);
      expect(state.snapshot().targetState('a')).toBe('STOPPED');
      expect(feed(state, [['target-state-a', '{"state":"PAUSED","state.v2":"STOPPED"}']], 2)).toEqual([]);
      expect(feed(state, [['target-state-a', '{"state":"STARTED","state.v2":"STARTED"}']], 3)).toEqual([{ type: 'target-state-changed', connector: 'a', state: 'STARTED' }]);
    });
  });

  it('reports restart requests, with missing or non-boolean flags read as false', () => {
    const state = new ConfigTopicState();
    expect(feed(state, [['restart-connector-a', '{"include-tasks":true,"only-failed":true}'], ['restart-connector-b', '{"include-tasks":"yes"}']])).toEqual([
      { type: 'restart-requested', connector: 'a', request: { includeTasks: true, onlyFailed: true } },
      { type: 'restart-requested', connector: 'b', request: { includeTasks: false, onlyFailed: false } },
    ]);
  });

  it('skips records of other Connect features and malformed ones, still advancing the offset', () => {
    const state = new ConfigTopicState();
    const updates = feed(state, [
      ['session-key', '{"key":"a2V5","algorithm":"HmacSHA256","creation-timestamp":1}'],
      ['tasks-fencing-a', '{"task-count":2}'],
      ['logger-cluster-org.apache', '{"level":"DEBUG"}'],
      ['mystery', '{}'],
      ['connector-a', '{"config":{}}'],
      ['task-a', conf(1)],
      ['task-a-0', null],
      ['commit-a', '{"tasks":"two"}'],
    ]);
    expect(updates).toEqual([]);
    expect(state.snapshot().offset).toBe(8);
    expect(state.snapshot().connectors()).toEqual([]);
    expect(decodeConfigRecord(Buffer.from('session-key'), Buffer.from('{}'))).toEqual({ type: 'ignored', key: 'session-key' });
    expect(decodeConfigRecord(Buffer.from('mystery'), Buffer.from('{}'))).toMatchObject({ type: 'invalid', reason: 'unknown key' });
    expect(() => decodeConfigRecord(Buffer.from('connector-a'), Buffer.from('{not json'))).toThrow(SyntaxError);
  });

  it('parses task keys of connectors whose names contain dashes', () => {
    expect(parseTaskKey('task-my-jdbc-sink-12')).toEqual({ connector: 'my-jdbc-sink', task: 12 });
    expect(parseTaskKey('task-a--b-0')).toEqual({ connector: 'a--b', task: 0 });
    expect(parseTaskKey('task-a')).toBeUndefined();
    expect(parseTaskKey('task-a-x')).toBeUndefined();
  });

  it('snapshots are immutable: later records do not change an earlier snapshot', () => {
    const state = new ConfigTopicState();
    feed(state, [['connector-a', conf(1)]]);
    const before = state.snapshot();
    feed(state, [['connector-a', conf(2)], ['connector-b', conf(3)]], 1);
    expect(before.connectorConfig('a')).toEqual({ 'connector.class': 'X', n: '1' });
    expect(before.connectors()).toEqual(['a']);
    expect(before.offset).toBe(1);
  });
});
