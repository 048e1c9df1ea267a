import { afterEach, describe, expect, it } from 'vitest';
import { ConfigDef, ConnectException, SourceConnector, SourceTask, type Props, type SourceConnectorContext } from '../../../connectors/sdk/index.ts';
import { eventually } from '../../support/eventually.ts';
import { WorkerHarness } from './support/harness.ts';
import { SinkScript, SourceScript } from './support/test-connectors.ts';

let harness: WorkerHarness;

afterEach(async () => {
  await harness?.worker.stopAll();
  expect(harness?.violations() ?? []).toEqual([]);
});

class NoopTask extends SourceTask {
  version() { return '1'; }
  start() {}
  async poll() { return null; }
  stop() {}
}

/** A connector that logs its lifecycle and keeps its context for the test. */
function lifecycleConnector(log: string[], options: { failStart?: Error; taskConfigs?: Props[] } = {}) {
  return class LifecycleConnector extends SourceConnector {
    static context: SourceConnectorContext | undefined;
    version() { return '1'; }
    config() { return new ConfigDef({ type: 'object', properties: {} }); }
    start(props: Props) {
      log.push(`start:${props.name}`);
      LifecycleConnector.context = this.context;
      if (options.failStart) throw options.failStart;
    }
    taskClass() { return NoopTask; }
    taskConfigs(maxTasks: number) { log.push(`taskConfigs:${maxTasks}`); return options.taskConfigs ?? [{ a: '1' }, { a: '2' }]; }
    stop() { log.push('stop'); }
  };
}

describe('Worker connectors', () => {
  it('starts a connector RUNNING and returns its task configs with task.class', async () => {
    harness = new WorkerHarness();
    const log: string[] = [];
    harness.register('Life', lifecycleConnector(log));
    const ok = await harness.worker.startConnector('c', { name: 'c', 'connector.class': 'Life' }, 'STARTED', harness.statuses.listener('c'));
    expect(ok).toBe(true);
    expect(harness.statuses.states('c')).toEqual(['RUNNING']);
    expect(await harness.worker.connectorTaskConfigs('c', 2)).toEqual([{ a: '1', 'task.class': 'NoopTask' }, { a: '2', 'task.class': 'NoopTask' }]);
    await harness.worker.stopConnector('c');
    expect(log).toEqual(['start:c', 'taskConfigs:2', 'stop']);
    expect(harness.statuses.states('c')).toEqual(['RUNNING', 'UNASSIGNED']);
    expect(harness.worker.connectorNames()).toEqual([]);
  });

  it('fails the connector when it returns more task configs than tasks.max', async () => {
    harness = new WorkerHarness();
    harness.register('Life', lifecycleConnector([]));
    await harness.worker.startConnector('c', { name: 'c', 'connector.class': 'Life' }, 'STARTED', harness.statuses.listener('c'));
    await expect(harness.worker.connectorTaskConfigs('c', 1)).rejects.toThrow(/returned 2 task configs but tasks.max is 1/);
    expect(harness.statuses.last('c')?.state).toBe('FAILED');
  });

  it('copies a sink connector\'s topics into its task configs', async () => {
    harness = new WorkerHarness();
    harness.register('Sink', new SinkScript().connectorClass());
    await harness.worker.startConnector('s', { name: 's', 'connector.class': 'Sink', topics: 'a,b' }, 'STARTED', harness.statuses.listener('s'));
    const configs = await harness.worker.connectorTaskConfigs('s', 1);
    expect(configs[0]).toMatchObject({ topics: 'a,b', 'task.class': 'ScriptedSinkTask' });
  });

  it('pauses and stops by stopping the connector, and resumes by starting it again', async () => {
    harness = new WorkerHarness();
    const log: string[] = [];
    harness.register('Life', lifecycleConnector(log));
    await harness.worker.startConnector('c', { name: 'c', 'connector.class': 'Life' }, 'STARTED', harness.statuses.listener('c'));
    await harness.worker.setTargetState('c', 'PAUSED');
    await harness.worker.setTargetState('c', 'STARTED');
    await harness.worker.setTargetState('c', 'STOPPED');
    expect(harness.statuses.states('c')).toEqual(['RUNNING', 'PAUSED', 'RUNNING', 'STOPPED']);
    expect(log).toEqual(['start:c', 'stop', 'start:c', 'stop']);
    await expect(harness.worker.connectorTaskConfigs('c', 1)).rejects.toThrow(/not running/);
  });

  it('starts a connector in its initial target state without starting it', async () => {
    harness = new WorkerHarness();
    const log: string[] = [];
    harness.register('Life', lifecycleConnector(log));
    await harness.worker.startConnector('c', { name: 'c', 'connector.class': 'Life' }, 'STOPPED', harness.statuses.listener('c'));
    expect(harness.statuses.states('c')).toEqual(['STOPPED']);
    expect(log).toEqual([]);
  });

  it('reports FAILED with the trace when start() throws, and can be restarted', async () => {
    harness = new WorkerHarness();
    const log: string[] = [];
    harness.register('Bad', lifecycleConnector(log, { failStart: new ConnectException('no database') }));
    const config = { name: 'c', 'connector.class': 'Bad' };
    expect(await harness.worker.startConnector('c', config, 'STARTED', harness.statuses.listener('c'))).toBe(false);
    const failed = harness.statuses.last('c')!;
    expect(failed.state).toBe('FAILED');
    expect(failed.trace).toMatch(/^ConnectException: no database\n\s+at /);
    await harness.worker.setTargetState('c', 'PAUSED'); // ignored while failed
    expect(harness.statuses.states('c')).toEqual(['FAILED']);

    harness.register('Bad', lifecycleConnector(log));
    await harness.worker.stopConnector('c');
    expect(await harness.worker.startConnector('c', config, 'STARTED', harness.statuses.listener('c'))).toBe(true);
    expect(harness.statuses.states('c')).toEqual(['FAILED', 'RUNNING']);
  });

  it('reports FAILED for an unknown connector class or a bad errors.* value', async () => {
    harness = new WorkerHarness();
    harness.register('Life', lifecycleConnector([]));
    expect(await harness.worker.startConnector('x', { name: 'x', 'connector.class': 'Nope' }, 'STARTED', harness.statuses.listener('x'))).toBe(false);
    expect(harness.statuses.last('x')?.trace).toContain('no plugin Nope');
    expect(await harness.worker.startConnector('y', { name: 'y', 'connector.class': 'Life', 'errors.tolerance': 'maybe' }, 'STARTED', harness.statuses.listener('y'))).toBe(false);
    expect(harness.statuses.last('y')?.trace).toContain('errors.tolerance');
  });

  it('validates a sink connector\'s topics and dead letter queue before starting it', async () => {
    harness = new WorkerHarness();
    harness.register('Sink', new SinkScript().connectorClass());
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'must set topics or topics.regex'],
      [{ topics: 'a', 'topics.regex': 'b.*' }, 'not both'],
      [{ topics: 'a,dlq', 'errors.deadletterqueue.topic.name': 'dlq' }, 'may not be one of'],
      [{ 'topics.regex': 'd.*', 'errors.deadletterqueue.topic.name': 'dlq' }, 'may not match'],
      [{ 'topics.regex': '(' }, 'not a valid regular expression'],
    ];
    for (const [i, [extra, message]] of cases.entries()) {
      const name = `s${i}`;
      expect(await harness.worker.startConnector(name, { name, 'connector.class': 'Sink', ...extra }, 'STARTED', harness.statuses.listener(name))).toBe(false);
      expect(harness.statuses.last(name)?.trace).toContain(message);
    }
  });

  it('forwards requestTaskReconfiguration() to the herder while running, and raiseError() fails the connector', async () => {
    harness = new WorkerHarness();
    const log: string[] = [];
    const Life = lifecycleConnector(log);
    harness.register('Life', Life);
    let requests = 0;
    await harness.worker.startConnector('c', { name: 'c', 'connector.class': 'Life' }, 'STARTED', harness.statuses.listener('c'), {
      requestTaskReconfiguration: () => void requests++,
    });
    Life.context!.requestTaskReconfiguration();
    expect(requests).toBe(1);
    Life.context!.raiseError(new Error('monitor thread died'));
    await harness.statuses.waitFor('c', 'FAILED');
    expect(harness.statuses.last('c')?.trace).toContain('Error: monitor thread died');
    await eventually(() => expect(log.at(-1)).toBe('stop'));
    Life.context!.requestTaskReconfiguration();
    expect(requests).toBe(1);
    await harness.worker.stopConnector('c');
    expect(harness.statuses.states('c')).toEqual(['RUNNING', 'FAILED']);
  });

  it('gives a source connector its offsets', async () => {
    harness = new WorkerHarness();
    const Life = lifecycleConnector([]);
    harness.register('Life', Life);
    harness.store.preset('c', { file: 'x' }, { position: 9 });
    await harness.worker.startConnector('c', { name: 'c', 'connector.class': 'Life' }, 'STARTED', harness.statuses.listener('c'));
    expect(await Life.context!.offsetStorageReader.offset({ file: 'x' })).toEqual({ position: 9 });
  });

  it('refuses a second connector of the same name, and answers NOT_FOUND for task configs of an unknown one', async () => {
    harness = new WorkerHarness();
    harness.register('Life', lifecycleConnector([]));
    await harness.worker.startConnector('c', { name: 'c', 'connector.class': 'Life' }, 'STARTED', () => {});
    await expect(harness.worker.startConnector('c', { name: 'c', 'connector.class': 'Life' }, 'STARTED', () => {})).rejects.toMatchObject({ kind: { code: 'CONFLICT' } });
    await expect(harness.worker.connectorTaskConfigs('zz', 1)).rejects.toMatchObject({ kind: { code: 'NOT_FOUND' } });
  });

  it('propagates target states to the connector\'s tasks and stops everything with stopAll()', async () => {
    harness = new WorkerHarness();
    const source = new SourceScript();
    harness.register('Src', source.connectorClass());
    const config = { name: 'c', 'connector.class': 'Src' };
    await harness.worker.startConnector('c', config, 'STARTED', harness.statuses.listener('c'));
    const [t0, t1] = await harness.worker.connectorTaskConfigs('c', 2);
    await harness.worker.startTask({ connector: 'c', task: 0 }, config, t0, 'STARTED', harness.statuses.listener('c-0'));
    await harness.worker.startTask({ connector: 'c', task: 1 }, config, t1, 'STARTED', harness.statuses.listener('c-1'));
    await harness.worker.setTargetState('c', 'PAUSED');
    for (const name of ['c', 'c-0', 'c-1']) expect(harness.statuses.last(name)?.state).toBe('PAUSED');
    await harness.worker.stopAll();
    for (const name of ['c', 'c-0', 'c-1']) expect(harness.statuses.last(name)?.state).toBe('UNASSIGNED');
    expect(harness.worker.taskIds()).toEqual([]);
    expect(harness.worker.connectorNames()).toEqual([]);
  });

  it('rejects invalid worker settings', () => {
    expect(() => new WorkerHarness({ 'offset.flush.interval.ms': 'soon' })).toThrow(/offset.flush.interval.ms/);
  });
});
