// The memory config and status stores, which the standalone worker uses: same semantics as the Kafka
// stores, applied synchronously.
import { describe, expect, it } from 'vitest';
import { MemoryConfigBackingStore, MemoryStatusBackingStore, type ConfigUpdate } from '../../../runtime/storage/index.ts';

describe('MemoryConfigBackingStore', () => {
  it('creates with an initial state, commits task configs, pauses, restarts and deletes, telling listeners', async () => {
    const store = new MemoryConfigBackingStore();
    await store.start();
    const updates: ConfigUpdate[] = [];
    const unsubscribe = store.onUpdate((u) => updates.push(u));
    await store.putConnectorConfig('a', { 'connector.class': 'X' }, 'STOPPED');
    expect(store.contains('a')).toBe(true);
    expect(store.snapshot().targetState('a')).toBe('STOPPED');
    await store.putTaskConfigs('a', [{ t: '0' }, { t: '1' }]);
    expect(store.snapshot().taskConfigs('a')).toEqual([{ t: '0' }, { t: '1' }]);
    await store.putTargetState('a', 'STARTED');
    await store.putRestartRequest('a', { includeTasks: true, onlyFailed: false });
    await store.removeConnectorConfig('a');
    expect(store.contains('a')).toBe(false);
    expect(store.snapshot().targetState('a')).toBeUndefined();
    expect(updates).toEqual([
      { type: 'connector-config-updated', connector: 'a' },
      { type: 'task-configs-committed', connector: 'a', tasks: [{ connector: 'a', task: 0 }, { connector: 'a', task: 1 }] },
      { type: 'target-state-changed', connector: 'a', state: 'STARTED' },
      { type: 'restart-requested', connector: 'a', request: { includeTasks: true, onlyFailed: false } },
      { type: 'connector-config-removed', connector: 'a' },
    ]);
    unsubscribe();
    await store.putConnectorConfig('b', {});
    expect(updates).toHaveLength(5);
  });

  it('keeps going when a listener throws', async () => {
    const store = new MemoryConfigBackingStore();
    const seen: string[] = [];
    store.onUpdate(() => {
      throw new Error('listener bug');
    });
    store.onUpdate((u) => seen.push(u.type));
    await store.putConnectorConfig('a', {});
    expect(seen).toEqual(['connector-config-updated']);
  });
});

describe('MemoryStatusBackingStore (status table rules)', () => {
  const running = { state: 'RUNNING' as const, trace: null, workerId: 'w1', generation: 5 };

  it('stores connector, task and topic statuses; DESTROYED deletes', async () => {
    const store = new MemoryStatusBackingStore();
    await store.putConnector({ connector: 'a', ...running });
    await store.putTask({ id: { connector: 'a', task: 1 }, ...running });
    await store.putTask({ id: { connector: 'a', task: 0 }, ...running, state: 'FAILED', trace: 'boom' });
    await store.putTopic({ topic: 't1', connector: 'a', task: 0, discoverTimestamp: 1 });
    expect(store.connector('a')).toEqual({ connector: 'a', ...running });
    expect(store.tasks('a').map((t) => [t.id.task, t.state, t.trace])).toEqual([
      [0, 'FAILED', 'boom'],
      [1, 'RUNNING', null],
    ]);
    expect(store.topics('a')).toEqual([{ topic: 't1', connector: 'a', task: 0, discoverTimestamp: 1 }]);
    expect(store.connectors()).toEqual(['a']);
    await store.deleteTopic('a', 't1');
    expect(store.topic('a', 't1')).toBeUndefined();
    await store.putTask({ id: { connector: 'a', task: 1 }, ...running, state: 'DESTROYED' });
    expect(store.task({ connector: 'a', task: 1 })).toBeUndefined();
    await store.putConnector({ connector: 'a', ...running, state: 'DESTROYED' });
    expect(store.connector('a')).toBeUndefined();
    expect(store.tasks('a')).toEqual([]);
  });

  it('ignores an UNASSIGNED task status older than (or as old as) a RUNNING one', async () => {
    const store = new MemoryStatusBackingStore();
    const id = { connector: 'a', task: 0 };
    await store.putTask({ id, ...running, generation: 5 });
    await store.putTask({ id, state: 'UNASSIGNED', trace: null, workerId: 'w2', generation: 5 });
    expect(store.task(id)?.state).toBe('RUNNING');
    await store.putTask({ id, state: 'UNASSIGNED', trace: null, workerId: 'w2', generation: 6 });
    expect(store.task(id)?.state).toBe('UNASSIGNED');
  });

  it('safe writes do not overwrite another worker’s status of a later generation', async () => {
    const store = new MemoryStatusBackingStore();
    await store.putConnector({ connector: 'a', ...running, workerId: 'w2', generation: 7 });
    await store.putConnectorSafe({ connector: 'a', state: 'UNASSIGNED', trace: null, workerId: 'w1', generation: 6 });
    expect(store.connector('a')?.workerId).toBe('w2');
    await store.putConnectorSafe({ connector: 'a', state: 'PAUSED', trace: null, workerId: 'w2', generation: 3 });
    expect(store.connector('a')?.state).toBe('PAUSED');
    await store.putConnectorSafe({ connector: 'a', state: 'RUNNING', trace: null, workerId: 'w1', generation: 7 });
    expect(store.connector('a')?.workerId).toBe('w1');
    const id = { connector: 'a', task: 0 };
    await store.putTask({ id, ...running, workerId: 'w2', generation: 9 });
    await store.putTaskSafe({ id, ...running, state: 'FAILED', workerId: 'w1', generation: 8 });
    expect(store.task(id)?.state).toBe('RUNNING');
  });
});
