import { afterEach, describe, expect, it } from 'vitest';
import { ConnectException, RetriableException, SourceRecord, Struct, SchemaBuilder, Schema } from '../../../connectors/sdk/index.ts';
import { eventually, sleep } from '../../support/eventually.ts';
import { WorkerHarness } from './support/harness.ts';
import { SourceScript, sourceRecord } from './support/test-connectors.ts';

const ID = { connector: 'src', task: 0 };
const TASK = 'src-0';
const CONNECTOR_CONFIG = { name: 'src', 'connector.class': 'Scripted', 'tasks.max': '1' };
const PRODUCER = 'connector-producer-src-0';

let harness: WorkerHarness;

async function startSource(options: { props?: Record<string, string>; config?: Record<string, string>; autoAck?: boolean; script?: SourceScript } = {}) {
  harness = new WorkerHarness(options.props);
  harness.autoAck = options.autoAck ?? true;
  const script = options.script ?? new SourceScript();
  harness.register('Scripted', script.connectorClass());
  const config = { ...CONNECTOR_CONFIG, ...options.config };
  const started = await harness.worker.startTask(ID, config, config, 'STARTED', harness.statuses.listener(TASK));
  return { script, started, config };
}

afterEach(async () => {
  await harness?.worker.stopAll();
  expect(harness?.violations() ?? []).toEqual([]);
});

describe('WorkerSourceTask', () => {
  it('sends polled records through the converters and commits their offsets once acknowledged', async () => {
    const { script, started } = await startSource();
    expect(started).toBe(true);
    expect(harness.statuses.states(TASK)).toEqual(['RUNNING']);
    script.push([sourceRecord('a', 1, 'one'), sourceRecord('a', 2, 'two')], [sourceRecord('b', 1, 'three')]);
    await eventually(() => expect(harness.store.offset('src', { file: 'b' })).toEqual({ position: 1 }));
    expect(harness.store.offset('src', { file: 'a' })).toEqual({ position: 2 });
    const producer = harness.producer(PRODUCER);
    expect(producer.written.map((w) => w.record.value?.toString())).toEqual(['one', 'two', 'three']);
    expect(producer.written[0].record.topic).toBe('out');
    await eventually(() => expect(script.committed.map((c) => c.record.value)).toEqual(['one', 'two', 'three']));
    expect(script.committed[2].metadata).toMatchObject({ topic: 'out', partition: 0, offset: 2 });
    expect(script.commits).toBeGreaterThan(0);
  });

  it('does not commit an offset before its record is acknowledged; an unacknowledged record holds back its partition', async () => {
    const { script } = await startSource({ autoAck: false });
    const producer = () => harness.producer(PRODUCER);
    script.push([sourceRecord('a', 1, 'a1')]);
    await eventually(() => expect(producer().sends).toHaveLength(1));
    script.push([sourceRecord('a', 2, 'a2'), sourceRecord('b', 1, 'b1')]);
    await eventually(() => expect(producer().sends).toHaveLength(2));
    // The second send (a2, b1) is acknowledged first: b advances, a is held back by a1.
    producer().ack(producer().sends[1]);
    await eventually(() => expect(harness.store.offset('src', { file: 'b' })).toEqual({ position: 1 }));
    await sleep(120); // more than one flush interval
    expect(harness.store.offset('src', { file: 'a' })).toBeUndefined();
    expect(script.committed.map((c) => c.record.value)).toEqual(['b1']);
    producer().ack(producer().sends[0]);
    await eventually(() => expect(harness.store.offset('src', { file: 'a' })).toEqual({ position: 2 }));
    // commitRecord in poll order per source partition.
    await eventually(() => expect(script.committed.map((c) => c.record.value)).toEqual(['b1', 'a1', 'a2']));
  });

  it('commits nothing for records never acknowledged when the task stops (a crash before the ack)', async () => {
    const { script } = await startSource({ autoAck: false });
    script.push([sourceRecord('a', 1, 'acked')]);
    await eventually(() => expect(harness.producer(PRODUCER).sends).toHaveLength(1));
    harness.producer(PRODUCER).ack();
    await eventually(() => expect(harness.store.offset('src', { file: 'a' })).toEqual({ position: 1 }));
    script.push([sourceRecord('a', 2, 'lost in flight')]);
    await eventually(() => expect(harness.producer(PRODUCER).sends).toHaveLength(2));
    expect(await harness.worker.stopTask(ID)).toBe(true); // waits offset.flush.timeout.ms (200) for the ack, in vain
    expect(harness.store.offset('src', { file: 'a' })).toEqual({ position: 1 });
    expect(script.committed.map((c) => c.record.value)).toEqual(['acked']);
    expect(harness.statuses.states(TASK)).toEqual(['RUNNING', 'UNASSIGNED']);
  });

  it('at stop, waits for in-flight records and commits them', async () => {
    const { script } = await startSource({ autoAck: false, props: { 'offset.flush.interval.ms': '60000', 'offset.flush.timeout.ms': '2000' } });
    script.push([sourceRecord('a', 7, 'x')]);
    await eventually(() => expect(harness.producer(PRODUCER).sends).toHaveLength(1));
    setTimeout(() => harness.producer(PRODUCER).ack(), 50);
    await harness.worker.stopTask(ID);
    expect(harness.store.offset('src', { file: 'a' })).toEqual({ position: 7 });
    expect(script.events.at(-1)).toBe('commit');
    expect(harness.producer(PRODUCER).closed).toBe(true);
  });

  it('keeps offsets whose write failed or timed out, and writes them at the next commit', async () => {
    const { script } = await startSource();
    harness.store.failWith = new Error('offsets topic unavailable');
    script.push([sourceRecord('a', 1, 'x')]);
    await eventually(() => expect(harness.producer(PRODUCER).written).toHaveLength(1));
    // commitRecord() comes with the acknowledgement; commit() only once offsets are stored.
    await eventually(() => expect(script.committed.map((c) => c.record.value)).toEqual(['x']));
    await sleep(120);
    expect(script.commits).toBe(0);
    harness.store.failWith = undefined;
    await eventually(() => expect(harness.store.offset('src', { file: 'a' })).toEqual({ position: 1 }));
    await eventually(() => expect(script.commits).toBeGreaterThan(0));
    expect(script.committed).toHaveLength(1);
  });

  it('calls commitRecord() on acknowledgement, before the offset commit', async () => {
    const { script } = await startSource({ props: { 'offset.flush.interval.ms': '60000' } });
    script.push([sourceRecord('a', 1, 'one'), sourceRecord('a', 2, 'two')]);
    await eventually(() => expect(script.committed.map((c) => c.record.value)).toEqual(['one', 'two']));
    expect(script.committed[1].metadata).toMatchObject({ topic: 'out', offset: 1 });
    expect(harness.store.offset('src', { file: 'a' })).toBeUndefined();
    expect(script.commits).toBe(0);
  });

  it('stops polling while paused, keeps the task, and resumes', async () => {
    const { script } = await startSource();
    await harness.worker.setTargetState('src', 'PAUSED');
    expect(harness.statuses.states(TASK)).toEqual(['RUNNING', 'PAUSED']);
    await sleep(40); // let a poll in progress finish
    const polls = script.polls;
    script.push([sourceRecord('a', 1, 'while paused')]);
    await sleep(100);
    expect(script.polls).toBe(polls);
    expect(harness.producer(PRODUCER).sends).toHaveLength(0);
    await harness.worker.setTargetState('src', 'STARTED');
    expect(harness.statuses.states(TASK)).toEqual(['RUNNING', 'PAUSED', 'RUNNING']);
    await eventually(() => expect(harness.producer(PRODUCER).written).toHaveLength(1));
    expect(script.events.filter((e) => e === 'start')).toHaveLength(1);
  });

  it('a task that starts PAUSED reports PAUSED and polls only once resumed', async () => {
    harness = new WorkerHarness();
    const script = new SourceScript();
    harness.register('Scripted', script.connectorClass());
    script.push([sourceRecord('a', 1, 'x')]);
    await harness.worker.startTask(ID, CONNECTOR_CONFIG, CONNECTOR_CONFIG, 'PAUSED', harness.statuses.listener(TASK));
    expect(harness.statuses.states(TASK)).toEqual(['PAUSED']);
    await sleep(50);
    expect(script.polls).toBe(0);
    await harness.worker.setTargetState('src', 'STARTED');
    await eventually(() => expect(harness.producer(PRODUCER).written).toHaveLength(1));
  });

  it('stops polling while source.max.outstanding.records are unacknowledged (back-pressure)', async () => {
    const { script } = await startSource({ autoAck: false, config: { 'source.max.outstanding.records': '3' } });
    for (let i = 0; i < 5; i++) script.push([sourceRecord('a', i, `r${i}`), sourceRecord('a', i + 0.5, `r${i}b`)]);
    await eventually(() => expect(harness.producer(PRODUCER).sends).toHaveLength(2));
    await sleep(60);
    expect(harness.producer(PRODUCER).sends).toHaveLength(2); // 4 outstanding >= 3
    harness.producer(PRODUCER).ack();
    await eventually(() => expect(harness.producer(PRODUCER).sends).toHaveLength(3));
    await sleep(40);
    expect(harness.producer(PRODUCER).sends).toHaveLength(3);
  });

  it('backs off instead of spinning when poll() answers nothing at once', async () => {
    const script = new SourceScript();
    script.idleMs = 0;
    await startSource({ script });
    const before = script.polls;
    await sleep(200);
    const polls = script.polls - before;
    expect(polls).toBeGreaterThan(3);
    expect(polls).toBeLessThan(40); // at most one per ~10 ms
  });

  it('goes on polling after a RetriableException from poll()', async () => {
    const { script } = await startSource();
    script.push(new RetriableException('source busy'), [sourceRecord('a', 1, 'after retry')]);
    await eventually(() => expect(harness.producer(PRODUCER).written).toHaveLength(1));
    expect(harness.statuses.states(TASK)).toEqual(['RUNNING']);
  });

  it('fails with the stack trace when poll() throws, commits what was acknowledged, and can be restarted', async () => {
    const { script, config } = await startSource();
    script.push([sourceRecord('a', 1, 'before')]);
    await eventually(() => expect(harness.producer(PRODUCER).written).toHaveLength(1));
    script.push(new ConnectException('the source went away'));
    const failed = await harness.statuses.waitFor(TASK, 'FAILED');
    expect(failed.trace).toMatch(/^ConnectException: the source went away\n\s+at /);
    await eventually(() => expect(harness.store.offset('src', { file: 'a' })).toEqual({ position: 1 }));
    await eventually(() => expect(script.events).toContain('stop'));

    // The herder restarts it: stopTask, then startTask with the same id.
    expect(await harness.worker.stopTask(ID)).toBe(true);
    expect(harness.statuses.states(TASK)).toEqual(['RUNNING', 'FAILED']);
    expect(await harness.worker.startTask(ID, config, config, 'STARTED', harness.statuses.listener(TASK))).toBe(true);
    expect(harness.statuses.states(TASK)).toEqual(['RUNNING', 'FAILED', 'RUNNING']);
    expect(await script.contexts.at(-1)!.offsetStorageReader.offset({ file: 'a' })).toEqual({ position: 1 });
    script.push([sourceRecord('a', 2, 'after restart')]);
    await eventually(() => expect(harness.store.offset('src', { file: 'a' })).toEqual({ position: 2 }));
  });

  it('reports FAILED when start() throws', async () => {
    const script = new SourceScript();
    script.startError = new Error('cannot connect');
    const { started } = await startSource({ script });
    expect(started).toBe(false);
    expect(harness.statuses.last(TASK)?.state).toBe('FAILED');
    expect(harness.statuses.last(TASK)?.trace).toContain('Error: cannot connect');
  });

  it('reports FAILED when the converters are not configured', async () => {
    harness = new WorkerHarness({ 'key.converter': '', 'value.converter': '' });
    const script = new SourceScript();
    harness.register('Scripted', script.connectorClass());
    expect(await harness.worker.startTask(ID, CONNECTOR_CONFIG, CONNECTOR_CONFIG, 'STARTED', harness.statuses.listener(TASK))).toBe(false);
    expect(harness.statuses.last(TASK)?.trace).toContain('key.converter is set neither on the connector nor on the worker');
  });

  it('fails the task when the producer cannot write (errors.tolerance=none)', async () => {
    const { script } = await startSource({ autoAck: false });
    script.push([sourceRecord('a', 1, 'x')]);
    await eventually(() => expect(harness.producer(PRODUCER).sends).toHaveLength(1));
    harness.producer(PRODUCER).fail(undefined, new Error('NOT_ENOUGH_REPLICAS'));
    const failed = await harness.statuses.waitFor(TASK, 'FAILED');
    expect(failed.trace).toContain('The producer could not write 1 record(s)');
    expect(failed.trace).toContain('Caused by: Error: NOT_ENOUGH_REPLICAS');
    expect(harness.store.offset('src', { file: 'a' })).toBeUndefined();
  });

  it('drops records the producer could not write under errors.tolerance=all, moving the offset on', async () => {
    const { script } = await startSource({ autoAck: false, config: { 'errors.tolerance': 'all' } });
    script.push([sourceRecord('a', 1, 'x')]);
    await eventually(() => expect(harness.producer(PRODUCER).sends).toHaveLength(1));
    harness.producer(PRODUCER).fail();
    await eventually(() => expect(harness.store.offset('src', { file: 'a' })).toEqual({ position: 1 }));
    expect(script.committed).toEqual([expect.objectContaining({ metadata: null })]);
    expect(harness.statuses.states(TASK)).toEqual(['RUNNING']);
  });

  it('converts with the connector\'s converters; a conversion failure fails the task or is tolerated', async () => {
    const schema = SchemaBuilder.struct().field('n', Schema.INT32_SCHEMA).build();
    const struct = new Struct(schema).put('n', 5);
    const { script } = await startSource({ config: { 'value.converter': 'json', 'value.converter.schemas.enable': 'false', 'errors.tolerance': 'all' } });
    const bad = new SourceRecord({ topic: 'out', sourcePartition: { file: 'a' }, sourceOffset: { position: 1 }, valueSchema: Schema.INT32_SCHEMA, value: 'not an int' });
    const badHeader = new SourceRecord({ topic: 'out', sourcePartition: { file: 'a' }, sourceOffset: { position: 2 }, value: 'v', headers: [] });
    badHeader.headers.add('h', new Map([[1, 2]]));
    script.push([bad, badHeader, new SourceRecord({ topic: 'out', sourcePartition: { file: 'a' }, sourceOffset: { position: 3 }, valueSchema: schema, value: struct })]);
    await eventually(() => expect(harness.store.offset('src', { file: 'a' })).toEqual({ position: 3 }));
    expect(harness.producer(PRODUCER).written.map((w) => w.record.value?.toString())).toEqual(['{"n":5}']);
    expect(script.committed.map((c) => c.metadata === null)).toEqual([true, true, false]);
  });

  it('passes headers as text and bytes', async () => {
    const { script } = await startSource();
    const record = sourceRecord('a', 1, 'x');
    record.headers.addString('s', 'text').addInt64('n', 42n).addBytes('b', Buffer.from([0xff, 0x00])).addString('null', null);
    script.push([record]);
    await eventually(() => expect(harness.producer(PRODUCER).written).toHaveLength(1));
    expect(harness.producer(PRODUCER).written[0].record.headers).toEqual([
      ['s', Buffer.from('text')], ['n', Buffer.from('42')], ['b', Buffer.from([0xff, 0x00])], ['null', null],
    ]);
  });

  it('abandons a task that does not stop within the graceful timeout, and reports nothing more from it', async () => {
    const script = new SourceScript();
    script.ignoreStop = true;
    await startSource({ script, autoAck: false });
    await eventually(() => expect(script.polls).toBe(1));
    const start = Date.now();
    expect(await harness.worker.stopTask(ID, 100)).toBe(false);
    expect(Date.now() - start).toBeLessThan(500);
    expect(harness.worker.taskIds()).toEqual([]);
    expect(script.events).toContain('stop');
    expect(harness.statuses.states(TASK)).toEqual(['RUNNING']);
    expect(harness.producer(PRODUCER).closed).toBe(true);
    // A new instance can start while the old one hangs.
    script.ignoreStop = false;
    expect(await harness.worker.startTask(ID, CONNECTOR_CONFIG, CONNECTOR_CONFIG, 'STARTED', harness.statuses.listener(TASK))).toBe(true);
  });

  it('refuses to start a task that already runs', async () => {
    await startSource();
    await expect(harness.worker.startTask(ID, CONNECTOR_CONFIG, CONNECTOR_CONFIG, 'STARTED', () => {})).rejects.toMatchObject({ kind: { code: 'CONFLICT' } });
  });
});
