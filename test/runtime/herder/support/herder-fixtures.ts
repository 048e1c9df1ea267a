// What the herder integration tests share: plugins, REST calls, waiting, and the contract helpers for
// the built-in FileStreamSource connector.
import { join } from 'node:path';
import { PluginRegistry } from '../../../../runtime/plugins/index.ts';
import type { RestContractHelpers } from '../../../support/rest-contract-suite.ts';
import { eventually as retryUntil } from '../../../support/eventually.ts';

export const FILE_SOURCE = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
export const FILE_SINK = 'org.apache.kafka.connect.file.FileStreamSinkConnector';
export const STRING_CONVERTERS = {
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
};

export async function builtinPlugins(): Promise<PluginRegistry> {
  const plugins = new PluginRegistry();
  const problems = await plugins.registerBuiltins();
  if (problems.length > 0) throw new Error(`built-in plugins failed to load: ${problems.map((p) => p.message).join('; ')}`);
  return plugins;
}

export interface Answer {
  status: number;
  body: any;
  text: string;
}

export async function call(baseUrl: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed, text };
}

/** `eventually` with the patience of tests that talk to a real broker: up to 30 s by default, every 100 ms. */
export function eventually<T>(check: () => T | Promise<T>, timeoutMs = 30_000): Promise<T> {
  return retryUntil(check, timeoutMs, 100);
}

/**
 * The contract suite's helpers over FileStreamSource reading a file that never appears: its tasks run
 * without producing, so they never commit an offset that would race the suite's offset changes.
 */
export function fileSourceContract(dir: string, settleTimeoutMs = 30_000): RestContractHelpers {
  const file = join(dir, `sluice-contract-${Math.random().toString(36).slice(2, 10)}-never-written.txt`);
  return {
    sourcePlugin: FILE_SOURCE,
    sourceConfig: () => ({ 'connector.class': FILE_SOURCE, 'tasks.max': '1', file, topic: 'contract-topic' }),
    invalidSourceConfig: () => ({ config: { 'connector.class': FILE_SOURCE, 'tasks.max': 'many', file, topic: 'contract-topic' }, field: 'tasks.max' }),
    sourceOffset: { partition: { filename: file }, offset: { position: 42 } },
    settleTimeoutMs,
  };
}
