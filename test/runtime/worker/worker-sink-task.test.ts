import { afterEach, describe, expect, it } from 'vitest';
import { ConnectException, DataException, RetriableException, TopicPartition, type PartitionOffsets } from '../../../connectors/sdk/index.ts';
import { eventually, sleep } from '../../support/eventually.ts';
import type { FakeConsumer } from './support/fake-consumer.ts';
import { WorkerHarness } from './support/harness.ts';
import { SinkScript } from './support/test-connectors.ts';
import { clientConfigs } from '../../../runtime/worker/client-configs.ts';
import { sinkConsumerDefaults } from '../../../runtime/worker/worker-sink-task.ts';

const ID = { connector: 'snk', task: 0 };
const TASK = 'snk-0';
const CONFIG = { name: 'snk', 'connector.class': 'Scripted', 'tasks.max': '1', topics: 't' };
const T0 = TopicPartition.of('t', 0);
const T1 = TopicPartition.of('t', 1);

let harness: WorkerHarness;

async function startSink(options: { props?: Record<string, string>; config?: Record<string, string>; script?: SinkScript; assign?: TopicPartition[]; targetState?: 'STARTED' | 'PAUSED' } = {}) {
  harness = new WorkerHarness(options.props);
  const script = options.script ?? new SinkScript();
  harness.register('Scripted', script.connectorClass());
  const config = { ...CONFIG, ...options.config };
  const started = await harness.worker.startTask(ID, config, config, options.targetState ?? 'STARTED', harness.statuses.listener(TASK));
  const consumer = harness.consumers.at(-1) as FakeConsumer;
  if (consumer && options.assign !== undefined) consumer.rebalance(options.assign);
  return { script, consumer, started, config };
}

function values(script: SinkScript): string[] {
  return script.received.map((r) => String(r.value));
}

afterEach(async () => {
  await harness?.worker.stopAll();
  expect(harness?.violations() ?? []).toEqual([]);
});

describe('WorkerSinkTask', () => {
  it('consumes as group connect-<connector>, converts, puts and commits what preCommit returns', async () => {
    const { script, consumer } = await startSink({ assign: [T0] });
    expect(consumer.groupId).toBe('connect-snk');
    expect(consumer.clientId).toBe('connector-consumer-snk-0');
    expect(consumer.configs['auto.offset.reset']).toBe('earliest');
    expect(consumer.configs['session.timeout.ms']).toBe('10000');
    expect(consumer.subscription).toEqual({ topics: ['t'] });
    harness.topics.append('t', 0, 'a', { key: 'k' });
    harness.topics.append('t', 0, 'b');
    await eventually(() => expect(values(script)).toEqual(['a', 'b']));
    const first = script.received[0];
    expect([first.topic, first.kafkaPartition, first.kafkaOffset, first.key, first.timestampType]).toEqual(['t', 0, 0, 'k', 'CreateTime']);
    await eventually(() => expect(consumer.committedOffset(T0)).toBe(2));
    expect(script.opened).toEqual([[T0]]);
    expect(harness.statuses.states(TASK)).toEqual(['RUNNING']);
  });

  it('commits only the offsets preCommit says the sink has', async () => {
    const script = new SinkScript();
    let durable = new Map<TopicPartition, number>();
    script.onPreCommit = () => new Map([...durable].map(([tp, offset]) => [tp, { offset }]));
    const { consumer } = await startSink({ script, assign: [T0] });
    for (const v of ['a', 'b', 'c']) harness.topics.append('t', 0, v);
    await eventually(() => expect(values(script)).toEqual(['a', 'b', 'c']));
    await eventually(() => expect(script.preCommits.at(-1)?.get(T0)).toBe(3));
    await sleep(120);
    expect(consumer.commits).toEqual([]);
    durable = new Map([[T0, 1]]);
    await eventually(() => expect(consumer.committedOffset(T0)).toBe(1));
    await sleep(120);
    expect(consumer.commits).toHaveLength(1); // unchanged offsets are not committed again
    durable = new Map([[T0, 3]]);
    await eventually(() => expect(consumer.committedOffset(T0)).toBe(3));
  });

  it('opens assigned partitions and commits, then closes, revoked ones', async () => {
    const { script, consumer } = await startSink({ assign: [T0, T1], props: { 'offset.flush.interval.ms': '60000' } });
    harness.topics.append('t', 0, 'a');
    harness.topics.append('t', 1, 'b');
    await eventually(() => expect(values(script).sort()).toEqual(['a', 'b']));
    expect(script.opened).toEqual([[T0, T1]]);
    consumer.rebalance([T0]);
    await eventually(() => expect(script.closed).toEqual([[T1]]));
    expect(consumer.committedOffset(T1)).toBe(1);
    expect(consumer.committedOffset(T0)).toBeUndefined(); // only the revoked partition is committed
    expect(script.preCommits.at(-1)).toEqual(new Map([[T1, 1]]));
    expect(script.events.slice(-2)).toEqual(['preCommit', 'close:t-1']);
    harness.topics.append('t', 0, 'c');
    await eventually(() => expect(values(script).sort()).toEqual(['a', 'b', 'c']));
  });

  it('closes lost partitions without committing', async () => {
    const { script, consumer } = await startSink({ assign: [T0], props: { 'offset.flush.interval.ms': '60000' } });
    harness.topics.append('t', 0, 'a');
    await eventually(() => expect(values(script)).toEqual(['a']));
    consumer.rebalance([], { lost: true });
    await eventually(() => expect(script.closed).toEqual([[T0]]));
    expect(consumer.commits).toEqual([]);
  });

  it('redelivers a batch after a RetriableException, after context.timeout, in order and without duplicates', async () => {
    const script = new SinkScript();
    let failures = 2;
    script.onPut = (records) => {
      if (records.length > 0 && failures > 0) {
        failures--;
        script.context!.timeout(30);
        throw new RetriableException('sink busy');
      }
    };
    const { consumer } = await startSink({ script, assign: [T0] });
    harness.topics.append('t', 0, 'a');
    harness.topics.append('t', 0, 'b');
    await eventually(() => expect(consumer.paused.has(T0)).toBe(true));
    harness.topics.append('t', 0, 'c'); // arrives while the batch waits: fetched only afterwards
    await eventually(() => expect(values(script)).toEqual(['a', 'b', 'c']));
    const attempts = script.puts.filter((p) => p.length > 0).map((p) => p.map((r) => String(r.value)).join(''));
    expect(attempts).toEqual(['ab', 'ab', 'ab', 'c']);
    expect(consumer.paused.has(T0)).toBe(false);
    await eventually(() => expect(consumer.committedOffset(T0)).toBe(3));
    expect(harness.statuses.states(TASK)).toEqual(['RUNNING']);
  });

  it('fails with the trace when put() throws under errors.tolerance=none; a restart redelivers what was not committed', async () => {
    const script = new SinkScript();
    script.onPut = (records) => {
      if (records.some((r) => r.value === 'poison')) throw new ConnectException('cannot write poison');
    };
    const { consumer, config } = await startSink({ script, assign: [T0] });
    harness.topics.append('t', 0, 'a');
    await eventually(() => expect(consumer.committedOffset(T0)).toBe(1));
    harness.topics.append('t', 0, 'poison');
    const failed = await harness.statuses.waitFor(TASK, 'FAILED');
    expect(failed.trace).toMatch(/^ConnectException: cannot write poison\n\s+at /);
    await eventually(() => expect(script.events).toContain('stop'));
    expect(consumer.committedOffset(T0)).toBe(1);

    expect(await harness.worker.stopTask(ID)).toBe(true);
    script.onPut = () => {};
    expect(await harness.worker.startTask(ID, config, config, 'STARTED', harness.statuses.listener(TASK))).toBe(true);
    const second = harness.consumers.at(-1)!;
    expect(second).not.toBe(consumer);
    second.rebalance([T0]);
    await eventually(() => expect(values(script)).toEqual(['a', 'poison']));
    await eventually(() => expect(second.committedOffset(T0)).toBe(2));
    expect(harness.statuses.states(TASK)).toEqual(['RUNNING', 'FAILED', 'RUNNING']);
  });

  it('under errors.tolerance=all sends records that cannot be converted to the dead letter queue with context headers', async () => {
    const { script, consumer } = await startSink({
      assign: [T0],
      config: {
        'value.converter': 'json',
        'value.converter.schemas.enable': 'false',
        'errors.tolerance': 'all',
        'errors.deadletterqueue.topic.name': 'dlq',
        'errors.deadletterqueue.context.headers.enable': 'true',
        'errors.deadletterqueue.topic.replication.factor': '1',
      },
    });
    expect(harness.createdTopics).toEqual(['dlq:1:1']);
    harness.topics.append('t', 0, '{"ok":1}');
    harness.topics.append('t', 0, 'not json', { key: 'k2', headers: [['orig', Buffer.from('h')]] });
    harness.topics.append('t', 0, '{"ok":3}');
    await eventually(() => expect(script.received.map((r) => r.value)).toEqual([{ ok: 1 }, { ok: 3 }]));
    const dlq = harness.producer('connector-dlq-producer-snk-0');
    await eventually(() => expect(dlq.written).toHaveLength(1));
    const sent = dlq.written[0].record;
    expect(sent.topic).toBe('dlq');
    expect(sent.key?.toString()).toBe('k2');
    expect(sent.value?.toString()).toBe('not json');
    const headers = Object.fromEntries((sent.headers ?? []).map(([k, v]) => [k, v?.toString()]));
    expect(headers).toMatchObject({
      orig: 'h',
      '__connect.errors.topic': 't',
      '__connect.errors.partition': '0',
      '__connect.errors.offset': '1',
      '__connect.errors.connector.name': 'snk',
      '__connect.errors.task.id': '0',
      '__connect.errors.stage': 'VALUE_CONVERTER',
      '__connect.errors.class.name': 'JsonConverter',
      '__connect.errors.exception.class.name': 'DataException',
    });
    expect(headers['__connect.errors.exception.message']).toBeTruthy();
    expect(headers['__connect.errors.exception.stacktrace']).toMatch(/^DataException: /);
    await eventually(() => expect(consumer.committedOffset(T0)).toBe(3)); // the skipped record's offset moves on
    expect(harness.statuses.states(TASK)).toEqual(['RUNNING']);
  });

  it('fails the task on a conversion error under errors.tolerance=none', async () => {
    const { consumer } = await startSink({ assign: [T0], config: { 'value.converter': 'json', 'errors.deadletterqueue.topic.name': 'dlq' } });
    harness.topics.append('t', 0, 'not json');
    const failed = await harness.statuses.waitFor(TASK, 'FAILED');
    expect(failed.trace).toContain('Tolerance exceeded in error handler (stage VALUE_CONVERTER, class JsonConverter)');
    expect(failed.trace).toContain('Caused by: DataException');
    expect(harness.producer('connector-dlq-producer-snk-0').written).toEqual([]);
    expect(consumer.commits).toEqual([]);
  });

  it('under errors.tolerance=all retries a failed batch record by record and skips only the poison record', async () => {
    const script = new SinkScript();
    script.onPut = (records) => {
      if (records.some((r) => r.value === 'poison')) throw new DataException('cannot write poison');
    };
    const { consumer } = await startSink({ script, assign: [T0], config: { 'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': 'dlq' } });
    for (const v of ['a', 'poison', 'b']) harness.topics.append('t', 0, v);
    await eventually(() => expect(values(script)).toEqual(['a', 'b']));
    const dlq = harness.producer('connector-dlq-producer-snk-0');
    await eventually(() => expect(dlq.written.map((w) => w.record.value?.toString())).toEqual(['poison']));
    expect(dlq.written[0].record.headers).toEqual([]); // no context headers unless enabled
    await eventually(() => expect(consumer.committedOffset(T0)).toBe(3));
  });

  it('errantRecordReporter() reports to the dead letter queue before the offset is committed', async () => {
    const script = new SinkScript();
    script.onPut = (records) => {
      for (const record of records) if (record.value === 'bad') void script.context!.errantRecordReporter()!.report(record, new Error('rejected by the sink'));
    };
    const { consumer } = await startSink({
      script, assign: [T0],
      config: { 'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': 'dlq', 'errors.deadletterqueue.context.headers.enable': 'true' },
    });
    harness.autoAck = false; // (only affects producers created later)
    harness.topics.append('t', 0, 'good');
    harness.topics.append('t', 0, 'bad', { key: 'kk' });
    const dlq = harness.producer('connector-dlq-producer-snk-0');
    dlq.autoAck = false;
    await eventually(() => expect(dlq.sends).toHaveLength(1));
    await sleep(120);
    expect(consumer.committedOffset(T0)).toBeUndefined(); // waits for the dead letter write
    dlq.ack();
    await eventually(() => expect(consumer.committedOffset(T0)).toBe(2));
    const headers = Object.fromEntries((dlq.written[0].record.headers ?? []).map(([k, v]) => [k, v?.toString()]));
    expect(headers['__connect.errors.stage']).toBe('TASK_PUT');
    expect(headers['__connect.errors.offset']).toBe('1');
    expect(dlq.written[0].record.key?.toString()).toBe('kk');
    expect(dlq.written[0].record.value?.toString()).toBe('bad');
  });

  it('errantRecordReporter() is null without error reporting, and fails the task under tolerance none', async () => {
    const script = new SinkScript();
    await startSink({ script, assign: [T0] });
    expect(script.context!.errantRecordReporter()).toBeNull();
    await harness.worker.stopAll();

    const strict = new SinkScript();
    strict.onPut = (records) => {
      for (const record of records) void strict.context!.errantRecordReporter()!.report(record, new Error('nope'));
    };
    await startSink({ script: strict, assign: [T0], config: { 'errors.log.enable': 'true' } });
    harness.topics.append('t', 0, 'x');
    const failed = await harness.statuses.waitFor(TASK, 'FAILED');
    expect(failed.trace).toContain('Tolerance exceeded');
  });

  it('rewinds to the last committed offsets when preCommit() throws, redelivering the records', async () => {
    const script = new SinkScript();
    let fail = true;
    script.onPreCommit = (offsets) => {
      if (fail) {
        fail = false;
        throw new Error('flush failed');
      }
      return offsets;
    };
    const { consumer } = await startSink({ script, assign: [T0] });
    harness.topics.append('t', 0, 'a');
    await eventually(() => expect(consumer.committedOffset(T0)).toBe(1));
    expect(values(script)).toEqual(['a', 'a']);
  });

  it('pauses every partition while the target state is PAUSED, without calling put()', async () => {
    const { script, consumer } = await startSink({ assign: [T0] });
    await eventually(() => expect(script.opened).toHaveLength(1));
    await harness.worker.setTargetState('snk', 'PAUSED');
    expect(harness.statuses.states(TASK)).toEqual(['RUNNING', 'PAUSED']);
    expect(consumer.paused.has(T0)).toBe(true);
    const puts = script.puts.length;
    harness.topics.append('t', 0, 'a');
    await sleep(100);
    expect(script.puts.length).toBe(puts);
    await harness.worker.setTargetState('snk', 'STARTED');
    await eventually(() => expect(values(script)).toEqual(['a']));
    expect(harness.statuses.states(TASK)).toEqual(['RUNNING', 'PAUSED', 'RUNNING']);
  });

  it('honours context.pause()/resume(), offset() rewinds and requestCommit()', async () => {
    const script = new SinkScript();
    script.onOpen = (partitions, context) => {
      if (partitions.includes(T1)) context.offset(T1, 1);
    };
    const { consumer } = await startSink({ script, assign: [T0, T1], props: { 'offset.flush.interval.ms': '60000' } });
    harness.topics.append('t', 1, 'skipped');
    harness.topics.append('t', 1, 'b');
    await eventually(() => expect(values(script)).toEqual(['b']));
    script.context!.pause(T0);
    expect(() => script.context!.pause(TopicPartition.of('other', 0))).toThrow(/only pause partitions assigned/);
    harness.topics.append('t', 0, 'a');
    await sleep(60);
    expect(values(script)).toEqual(['b']);
    script.context!.resume(T0);
    await eventually(() => expect(values(script)).toEqual(['b', 'a']));
    script.context!.requestCommit();
    await eventually(() => expect(consumer.committedOffset(T0)).toBe(1));
    expect(consumer.committedOffset(T1)).toBe(2);
  });

  it('bounds batches by consumer.override.max.poll.records', async () => {
    const { script } = await startSink({ assign: [T0], config: { 'consumer.override.max.poll.records': '2' } });
    await eventually(() => expect(script.opened).toHaveLength(1));
    for (const v of ['a', 'b', 'c', 'd', 'e']) harness.topics.append('t', 0, v);
    await eventually(() => expect(values(script)).toEqual(['a', 'b', 'c', 'd', 'e']));
    expect(Math.max(...script.puts.map((p) => p.length))).toBe(2);
  });

  it('at stop commits, closes the partitions, then stops the task', async () => {
    const { script, consumer } = await startSink({ assign: [T0], props: { 'offset.flush.interval.ms': '60000' } });
    harness.topics.append('t', 0, 'a');
    await eventually(() => expect(values(script)).toEqual(['a']));
    expect(await harness.worker.stopTask(ID)).toBe(true);
    expect(consumer.committedOffset(T0)).toBe(1);
    expect(script.events.slice(-3)).toEqual(['preCommit', 'close:t-0', 'stop']);
    expect(consumer.closed).toBe(true);
    expect(harness.statuses.states(TASK)).toEqual(['RUNNING', 'UNASSIGNED']);
  });

  it('subscribes to topics.regex as a whole-name pattern', async () => {
    const { consumer } = await startSink({ config: { topics: '', 'topics.regex': 'orders-.*' } });
    const subscription = consumer.subscription as { pattern: RegExp };
    expect(subscription.pattern.test('orders-eu')).toBe(true);
    expect(subscription.pattern.test('old-orders-eu')).toBe(false);
  });

  it('fails when neither topics nor topics.regex is set', async () => {
    const { started } = await startSink({ config: { topics: '' } });
    expect(started).toBe(false);
    expect(harness.statuses.last(TASK)?.trace).toContain('must set topics or topics.regex');
  });
});

describe('sink consumer defaults', () => {
  const sessionOf = (workerProps: Record<string, string>, connectorConfig: Record<string, string> = {}) =>
    clientConfigs('consumer', workerProps, connectorConfig, sinkConsumerDefaults(workerProps))['session.timeout.ms'];

  it('takes the worker group\'s session timeout (10 s by default), not the consumer\'s 45 s', () => {
    expect(sessionOf({})).toBe('10000');
    expect(sessionOf({ 'session.timeout.ms': '6000' })).toBe('6000');
  });

  it('yields to the worker\'s consumer.* and the connector\'s consumer.override.*', () => {
    expect(sessionOf({ 'session.timeout.ms': '6000', 'consumer.session.timeout.ms': '45000' })).toBe('45000');
    expect(sessionOf({ 'consumer.session.timeout.ms': '45000' }, { 'consumer.override.session.timeout.ms': '20000' })).toBe('20000');
  });
});
