// The named-logger registry behind /admin/loggers (runtime/logging/logger-registry.ts).
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLoggerRegistry } from '../../../runtime/logging/logger-registry.ts';

function setup() {
  const lines: { logger?: string; msg: string }[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  let clock = 1_000;
  const registry = createLoggerRegistry(pino({ level: 'info' }, sink), { now: () => clock });
  return { registry, lines, tick: () => (clock += 1_000) };
}

describe('logger registry', () => {
  it('hands out one pino logger per name, tagged with its name, starting at the root level', () => {
    const { registry, lines } = setup();
    const log = registry.logger('sluice.herder');
    expect(registry.logger('sluice.herder')).toBe(log);
    log.info('hello');
    log.debug('hidden');
    expect(lines).toEqual([expect.objectContaining({ logger: 'sluice.herder', msg: 'hello' })]);
    expect(registry.level('sluice.herder')).toEqual({ level: 'INFO', last_modified: null });
  });

  it('sets a namespace and everything below it, reports only what changed, sorted', () => {
    const { registry, lines } = setup();
    registry.logger('sluice.worker.task');
    registry.logger('sluice.worker');
    registry.logger('sluice.workers');
    registry.logger('sluice.rest');
    expect(registry.setLevel('sluice.worker', 'debug')).toEqual(['sluice.worker', 'sluice.worker.task']);
    expect(registry.setLevel('sluice.worker', 'DEBUG')).toEqual([]);
    registry.logger('sluice.worker.task').debug('now visible');
    registry.logger('sluice.workers').debug('still hidden');
    expect(lines.map((l) => l.msg)).toEqual(['now visible']);
    expect(registry.level('sluice.rest')?.level).toBe('INFO');
  });

  it('creates the namespace logger when needed, and later loggers inherit its level', () => {
    const { registry } = setup();
    expect(registry.setLevel('connectors.postgres', 'INFO')).toEqual(['connectors.postgres']);
    registry.setLevel('connectors.postgres', 'TRACE');
    expect(registry.logger('connectors.postgres.snapshot').level).toBe('trace');
    expect(registry.logger('connectors.other').level).toBe('info');
  });

  it('stamps last_modified on changes only, and maps OFF and ALL to pino', () => {
    const { registry, tick } = setup();
    registry.logger('a');
    tick();
    registry.setLevel('a', 'off');
    expect(registry.level('a')).toEqual({ level: 'OFF', last_modified: 2_000 });
    tick();
    registry.setLevel('a', 'all');
    expect(registry.level('a')).toEqual({ level: 'TRACE', last_modified: 3_000 });
    expect(registry.level('root')).toEqual({ level: 'INFO', last_modified: null });
  });

  it('"root" (any case) or "" sets every logger', () => {
    const { registry } = setup();
    registry.logger('x.y');
    expect(registry.setLevel('ROOT', 'WARN')).toEqual(['root', 'x.y']);
    expect(registry.allLevels()).toEqual({ root: { level: 'WARN', last_modified: 1_000 }, 'x.y': { level: 'WARN', last_modified: 1_000 } });
    expect(registry.setLevel('', 'ERROR')).toEqual(['root', 'x.y']);
  });

  it('refuses level names Connect does not know, and unknown loggers read as undefined', () => {
    const { registry } = setup();
    expect(() => registry.setLevel('a', 'verbose')).toThrow(RangeError);
    expect(registry.level('never.made')).toBeUndefined();
  });
});
