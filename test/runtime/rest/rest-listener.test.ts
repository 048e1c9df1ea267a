// Where the REST server listens, from Connect-named worker settings.
import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../../../runtime/errors.ts';
import { restListener } from '../../../runtime/rest/rest-listener.ts';

describe('restListener', () => {
  it('defaults to every interface on 8083', () => {
    expect(restListener({})).toEqual({ host: '0.0.0.0', port: 8083 });
  });

  it('reads the first http entry of listeners; an empty host is every interface', () => {
    expect(restListener({ listeners: 'http://:8084' })).toEqual({ host: '0.0.0.0', port: 8084 });
    expect(restListener({ listeners: 'https://a:443, http://127.0.0.1:9000' })).toEqual({ host: '127.0.0.1', port: 9000 });
    expect(restListener({ listeners: 'http://[::1]:8085/' })).toEqual({ host: '::1', port: 8085 });
    expect(restListener({ listeners: 'http://example' })).toEqual({ host: 'example', port: 8083 });
  });

  it('falls back to rest.host.name and rest.port', () => {
    expect(restListener({ 'rest.host.name': '10.0.0.1', 'rest.port': '18083' })).toEqual({ host: '10.0.0.1', port: 18083 });
  });

  it('refuses https-only listeners, malformed URLs and bad ports', () => {
    expect(() => restListener({ listeners: 'https://:8443' })).toThrow(/http:\/\/ listener/);
    expect(() => restListener({ listeners: 'localhost:8083' })).toThrow(RuntimeError);
    expect(() => restListener({ 'rest.port': 'eighty' })).toThrow(/rest\.port/);
  });
});
