import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ConnectException, DataException, RetriableException, TimestampType } from '../../../connectors/sdk/index.ts';
import { errorHandlingConfig } from '../../../runtime/worker/error-handling/error-handling-config.ts';
import type { ErrorReporter } from '../../../runtime/worker/error-handling/error-reporter.ts';
import type { ProcessingFailure } from '../../../runtime/worker/error-handling/processing-failure.ts';
import { RetryInterrupted, RetryWithTolerance } from '../../../runtime/worker/error-handling/retry-with-tolerance.ts';

const task = { connector: 'c', task: 0 };
const consumed = {
  kind: 'consumed',
  record: { topic: 't', partition: 0, offset: 7, timestamp: 1, timestampType: TimestampType.CREATE_TIME, key: null, value: Buffer.from('x'), headers: [] },
} as const;

function operator(config: Record<string, string>, signal?: AbortSignal) {
  const reports: ProcessingFailure[] = [];
  const reporter: ErrorReporter = { report: async (f) => void reports.push(f) };
  return { reports, op: new RetryWithTolerance({ task, config: errorHandlingConfig(config), reporters: [reporter], signal }) };
}

describe('RetryWithTolerance', () => {
  it('parses errors.* with Connect defaults and rejects bad values', () => {
    expect(errorHandlingConfig({})).toMatchObject({ 'errors.tolerance': 'none', 'errors.retry.timeout': 0, 'errors.retry.delay.max.ms': 60000, 'errors.deadletterqueue.topic.replication.factor': 3 });
    expect(errorHandlingConfig({ 'errors.tolerance': 'ALL' })['errors.tolerance']).toBe('all');
    expect(() => errorHandlingConfig({ 'errors.tolerance': 'some' })).toThrow(/errors.tolerance/);
    expect(() => errorHandlingConfig({ 'errors.retry.timeout': '-2' })).toThrow(/errors.retry.timeout/);
  });

  it('returns the value of an operation that succeeds, without a promise when the operation has none', async () => {
    const { op } = operator({});
    expect(op.attempt(() => 42, 'VALUE_CONVERTER', 'X', consumed)).toEqual({ ok: true, value: 42 });
    const later = op.attempt(async () => 43, 'VALUE_CONVERTER', 'X', consumed);
    expect(later).toBeInstanceOf(Promise);
    expect(await later).toEqual({ ok: true, value: 43 });
  });

  it('fails with "Tolerance exceeded" under errors.tolerance=none, reporting nothing', async () => {
    const { op, reports } = operator({ 'errors.log.enable': 'true' });
    const error = new DataException('bad');
    await expect(op.attempt(() => { throw error; }, 'VALUE_CONVERTER', 'X', consumed)).rejects.toSatisfy((e: unknown) => e instanceof ConnectException && e.message.includes('Tolerance exceeded') && e.cause === error);
    expect(reports).toEqual([]);
  });

  it('skips and reports under errors.tolerance=all', async () => {
    const { op, reports } = operator({ 'errors.tolerance': 'all' });
    const result = await op.attempt(() => { throw new DataException('bad'); }, 'KEY_CONVERTER', 'JsonConverter', consumed);
    expect(result.ok).toBe(false);
    expect(reports.map((r) => [r.stage, r.className, r.error.message])).toEqual([['KEY_CONVERTER', 'JsonConverter', 'bad']]);
  });

  it('does not retry when errors.retry.timeout is 0', async () => {
    const { op } = operator({ 'errors.tolerance': 'all' });
    let calls = 0;
    await op.attempt(() => { calls++; throw new RetriableException('busy'); }, 'VALUE_CONVERTER', 'X', consumed);
    expect(calls).toBe(1);
  });

  it('retries retriable errors with growing, capped delays until it succeeds', async () => {
    const { op } = operator({ 'errors.retry.timeout': '5000', 'errors.retry.delay.max.ms': '20' });
    const times: number[] = [];
    const result = await op.attempt(() => {
      times.push(Date.now());
      if (times.length < 4) throw new RetriableException('busy');
      return 'done';
    }, 'VALUE_CONVERTER', 'X', consumed);
    expect(result).toEqual({ ok: true, value: 'done' });
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(15);
    for (const gap of gaps) expect(gap).toBeLessThan(200);
  });

  it('gives up retrying at errors.retry.timeout and then applies the tolerance', async () => {
    const { op, reports } = operator({ 'errors.tolerance': 'all', 'errors.retry.timeout': '100', 'errors.retry.delay.max.ms': '10' });
    const start = Date.now();
    let calls = 0;
    const result = await op.attempt(() => { calls++; throw new RetriableException('still busy'); }, 'VALUE_CONVERTER', 'X', consumed);
    expect(result.ok).toBe(false);
    expect(calls).toBeGreaterThan(3);
    expect(Date.now() - start).toBeGreaterThanOrEqual(95);
    expect(reports).toHaveLength(1);
  });

  it('never retries non-retriable errors', async () => {
    const { op } = operator({ 'errors.tolerance': 'all', 'errors.retry.timeout': '-1' });
    let calls = 0;
    await op.attempt(() => { calls++; throw new DataException('bad'); }, 'VALUE_CONVERTER', 'X', consumed);
    expect(calls).toBe(1);
  });

  it('stops retrying when the task stops, without tolerating the record', async () => {
    const abort = new AbortController();
    const { op, reports } = operator({ 'errors.tolerance': 'all', 'errors.retry.timeout': '-1' }, abort.signal);
    setTimeout(() => abort.abort(), 30);
    await expect(op.attempt(() => { throw new RetriableException('busy'); }, 'VALUE_CONVERTER', 'X', consumed)).rejects.toBeInstanceOf(RetryInterrupted);
    expect(reports).toEqual([]);
  });

  it('logs tolerated failures when errors.log.enable is set', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(line) });
    const { LogReporter } = await import('../../../runtime/worker/error-handling/log-reporter.ts');
    await new LogReporter(logger, false).report({ task, stage: 'VALUE_CONVERTER', className: 'JsonConverter', error: new DataException('bad json'), record: consumed });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]);
    expect(entry.msg).toContain("topic='t', partition=0, offset=7");
    expect(entry.msg).not.toContain('value=');
    expect(entry.err.message).toBe('bad json');
  });
});
