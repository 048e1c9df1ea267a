import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../support/run-command.ts';

/** Writes a plugin package: its package.json (an object, or raw text) and its files. */
function writePackage(root: string, packageJson: object | string, files: Record<string, string> = {}): void {
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'package.json'), typeof packageJson === 'string' ? packageJson : JSON.stringify(packageJson));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const COUNTER = `
import { ConfigDef, Schema, SourceConnector, SourceRecord, SourceTask } from 'sluice/sdk';
const config = new ConfigDef({ type: 'object', properties: { topic: { type: 'string' } }, required: ['topic'] });
export class CounterTask extends SourceTask {
  version() { return '1.0.0'; }
  start(props) { this.topic = config.parse(props).topic; }
  async poll() {
    return [1, 2, 3].map((n) => new SourceRecord({ sourcePartition: { counter: 'c' }, sourceOffset: { n }, topic: this.topic, valueSchema: Schema.INT32_SCHEMA, value: n }));
  }
  stop() {}
}
export class CounterSource extends SourceConnector {
  version() { return '1.0.0'; }
  config() { return config; }
  start(props) { this.props = props; }
  taskClass() { return CounterTask; }
  taskConfigs() { return [this.props]; }
  stop() {}
}
`;

const UPPER = `
export default class UpperConverter {
  configure() {}
  fromConnectData(_topic, _headers, _schema, value) { return Buffer.from(String(value).toUpperCase()); }
  toConnectData() { throw new Error('write-only'); }
}
`;

const LOG_SINK = `
const { SinkConnector, SinkTask, ConfigDef } = await import('sluice/sdk');
export class LogTask extends SinkTask {
  seen = [];
  version() { return '0.0.1'; }
  start() {}
  put() { this.seen.push(...this.context.assignment()); }
  stop() {}
}
export class LogSink extends SinkConnector {
  version() { return '0.0.1'; }
  config() { return new ConfigDef({ type: 'object', properties: {} }); }
  start() {}
  taskClass() { return LogTask; }
  taskConfigs() { return [{}]; }
  stop() {}
}
`;

let pluginPath: string;
let extraPackage: string;

beforeAll(() => {
  pluginPath = mkdtempSync(join(tmpdir(), 'sluice-plugin-path-'));
  const counter = join(pluginPath, 'counter');
  writePackage(counter, {
    name: 'sluice-counter',
    version: '1.0.0',
    type: 'module',
    peerDependencies: { sluice: '*' },
    sluice: {
      connectors: { 'com.example.CounterSource': './dist/counter.js#CounterSource', counter: './dist/counter.js#CounterSource' },
      converters: { 'com.example.UpperConverter': './dist/upper.js', upper: './dist/upper.js' },
    },
  }, { 'dist/counter.js': COUNTER, 'dist/upper.js': UPPER });
  // A copy of "sluice" installed next to the plugin must not be the SDK it gets.
  writePackage(join(counter, 'node_modules', 'sluice'), { name: 'sluice', type: 'module', exports: { './sdk': './decoy.js' } }, {
    'decoy.js': "throw new Error('the decoy copy of sluice/sdk was loaded');",
  });
  writePackage(join(pluginPath, '@acme', 'log-sink'), { name: '@acme/log-sink', version: '0.0.1', type: 'module', sluice: { connectors: { 'com.acme.LogSink': './log-sink.js#LogSink' } } }, {
    'log-sink.js': LOG_SINK,
  });
  writePackage(join(pluginPath, 'broken-manifest'), { name: 'broken-manifest', sluice: { connectors: { 'not a class name': 'dist/x.js' } } });
  writePackage(join(pluginPath, 'bad-json'), '{ "name": "bad-json", ');
  writePackage(join(pluginPath, 'throws'), { name: 'throws', type: 'module', sluice: { connectors: { 'com.example.Throws': './index.js#Throws' } } }, {
    'index.js': "throw new Error('boom while importing');",
  });
  writePackage(join(pluginPath, 'not-connector'), {
    name: 'not-connector',
    type: 'module',
    sluice: { connectors: { 'com.example.Helper': './index.js#Helper', 'com.example.Answer': './index.js#answer', 'com.example.Absent': './index.js#Absent' } },
  }, { 'index.js': 'export class Helper {}\nexport const answer = 42;\n' });
  writePackage(join(pluginPath, 'missing-module'), { name: 'missing-module', sluice: { connectors: { 'com.example.Gone': './dist/gone.js' } } });
  writePackage(join(pluginPath, 'bundled-sdk'), { name: 'bundled-sdk', type: 'module', sluice: { connectors: { 'com.example.Bundled': './index.js#Bundled' } } }, {
    'index.js': 'class Connector {}\nclass SourceConnector extends Connector {}\nexport class Bundled extends SourceConnector {}\n',
  });
  writePackage(join(pluginPath, 'clash'), { name: 'clash', type: 'module', sluice: { connectors: { 'org.apache.kafka.connect.file.FileStreamSinkConnector': './index.js#Sink' } } }, {
    'index.js': "export { LogSink as Sink } from '../@acme/log-sink/log-sink.js';\n",
  });
  writePackage(join(pluginPath, 'escapes'), { name: 'escapes', sluice: { connectors: { 'com.example.Escape': './../counter/dist/counter.js#CounterSource' } } });
  writePackage(join(pluginPath, 'plain-library'), { name: 'plain-library', version: '1.0.0' });
  mkdirSync(join(pluginPath, 'not-a-package'));
  // A plugin.path entry can also be a package folder itself.
  extraPackage = mkdtempSync(join(tmpdir(), 'sluice-plugin-package-'));
  writePackage(extraPackage, { name: 'extra', type: 'module', sluice: { connectors: { 'com.example.ExtraSource': './counter.js#CounterSource' } } }, { 'counter.js': COUNTER });
});

afterAll(() => {
  rmSync(pluginPath, { recursive: true, force: true });
  rmSync(extraPackage, { recursive: true, force: true });
});

interface ChildReport {
  builtinProblems: unknown[];
  problems: { package: string; className: string | null; message: string }[];
  connectors: string[];
  converters: string[];
  counter: { sdkRecord: boolean; value: number; offset: object }[];
  sink: { sameTopicPartition: boolean };
  converted: string;
  warnings: number;
  loaded: string[];
}

async function loadInChild(dirs: string[]): Promise<ChildReport> {
  const result = await runCommand(process.execPath, [join(import.meta.dirname, 'plugin-path-child.ts'), ...dirs], { timeoutMs: 30_000 });
  if (result.code !== 0) throw new Error(`plugin-path-child exited with ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout.toString()) as ChildReport;
}

describe('PluginRegistry.loadPluginPath', () => {
  let report: ChildReport;

  beforeAll(async () => {
    report = await loadInChild([pluginPath, extraPackage, join(pluginPath, 'no-such-folder')]);
  });

  it('loads good plugins (plain and scoped packages, or a package given directly) next to the built-ins', () => {
    expect(report.builtinProblems).toEqual([]);
    expect(report.connectors).toEqual([
      'com.acme.LogSink',
      'com.example.CounterSource',
      'com.example.ExtraSource',
      'io.sluice.connect.datagen.DatagenConnector',
      'org.apache.kafka.connect.file.FileStreamSinkConnector',
      'org.apache.kafka.connect.file.FileStreamSourceConnector',
    ]);
    expect(report.converters).toContain('com.example.UpperConverter@1.0.0');
    expect(report.loaded).toContain('Loaded connector plugin com.example.CounterSource from sluice-counter');
  });

  it("gives plugins the runtime's own SDK, not a copy installed next to them", () => {
    expect(report.counter).toEqual([
      { sdkRecord: true, value: 1, offset: { n: 1 } },
      { sdkRecord: true, value: 2, offset: { n: 2 } },
      { sdkRecord: true, value: 3, offset: { n: 3 } },
    ]);
    expect(report.sink).toEqual({ sameTopicPartition: true });
    expect(report.converted).toBe('SHOUT');
  });

  it('reports each broken plugin, logs it, and skips it', () => {
    const problem = (pkg: string, className: string | null) => report.problems.find((p) => p.package === pkg && p.className === className)?.message;
    expect(problem('broken-manifest', null)).toMatch(/Invalid plugin manifest in broken-manifest\/package\.json/);
    expect(problem('bad-json', null)).toMatch(/Could not read .*bad-json.*package\.json/);
    expect(problem('throws', 'com.example.Throws')).toMatch(/could not import \.\/index\.js: boom while importing/);
    expect(problem('not-connector', 'com.example.Helper')).toMatch(/not a connector: class Helper extends neither SourceConnector nor SinkConnector/);
    expect(problem('not-connector', 'com.example.Answer')).toMatch(/not a connector: it is a number, not a class/);
    expect(problem('not-connector', 'com.example.Absent')).toMatch(/has no export named "Absent" \(it exports: Helper, answer\)/);
    expect(problem('missing-module', 'com.example.Gone')).toMatch(/could not import \.\/dist\/gone\.js/);
    expect(problem('bundled-sdk', 'com.example.Bundled')).toMatch(/another copy of the SDK: declare "sluice" as a peerDependency/);
    expect(problem('clash', 'org.apache.kafka.connect.file.FileStreamSinkConnector')).toMatch(/already taken by org\.apache\.kafka\.connect\.file\.FileStreamSinkConnector \(sluice@/);
    expect(problem('escapes', 'com.example.Escape')).toMatch(/outside the package folder/);
    expect(problem('no-such-folder', null)).toMatch(/does not exist/);
    expect(report.problems).toHaveLength(11);
    expect(report.warnings).toBe(report.problems.length);
  });
});
