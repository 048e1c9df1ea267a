import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ConfigException, ConnectException, DataException, ErrorCodes, RetriableException, isRetriable,
} from '../../../connectors/sdk/index.ts';

describe('SDK error registry', () => {
  it('keys every definition by its own code', () => {
    for (const [key, definition] of Object.entries(ErrorCodes)) expect(definition.code).toBe(key);
  });

  it('gives each exception class its default code and the code\'s retriable flag', () => {
    expect(new ConnectException('x')).toMatchObject({ code: 'CONNECT_FAILED', retriable: false, name: 'ConnectException' });
    expect(new DataException('x')).toMatchObject({ code: 'DATA_INVALID', retriable: false, name: 'DataException' });
    expect(new RetriableException('x')).toMatchObject({ code: 'CONNECT_RETRIABLE', retriable: true, name: 'RetriableException' });
    expect(new ConfigException('x', { key: 'tasks.max', value: '0' })).toMatchObject({ code: 'CONFIG_INVALID', key: 'tasks.max', value: '0' });
    expect(new DataException('x', { code: 'DATA_CONVERSION_FAILED' }).code).toBe('DATA_CONVERSION_FAILED');
    expect(new DataException('x')).toBeInstanceOf(ConnectException);
  });

  it('keeps the cause and tells the runtime what to retry', () => {
    const cause = new Error('socket hang up');
    expect(new RetriableException('lost connection', { cause }).cause).toBe(cause);
    expect(isRetriable(new RetriableException('x'))).toBe(true);
    expect(isRetriable(new DataException('x'))).toBe(false);
    expect(isRetriable(new Error('x'))).toBe(false);
  });

  it('documents exactly the registered codes in the SDK README', () => {
    const readme = readFileSync(new URL('../../../connectors/sdk/README.md', import.meta.url), 'utf8');
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)` \| (yes|no) \|/gm)].map(([, code, retriable]) => [code, retriable === 'yes']);
    expect(documented).toEqual(Object.values(ErrorCodes).map((d) => [d.code, d.retriable]));
  });
});
