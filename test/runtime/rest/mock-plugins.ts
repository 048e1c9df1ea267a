// The connector plugins the in-memory herder "has": their catalogue entries and config definitions.
import type { ConfigKeyInfo, PluginInfo } from '../../../runtime/herder/connect-types.ts';

export const MOCK_SOURCE = 'org.sluice.test.MockSourceConnector';
export const MOCK_SINK = 'org.sluice.test.MockSinkConnector';

export interface MockPlugin {
  info: PluginInfo;
  keys: ConfigKeyInfo[];
}

function key(name: string, type: string, group: string, order: number, options: { required?: boolean; default?: string | null; doc?: string } = {}): ConfigKeyInfo {
  return {
    name,
    type,
    required: options.required ?? false,
    default_value: options.default ?? null,
    importance: options.required ? 'HIGH' : 'MEDIUM',
    documentation: options.doc ?? `The ${name} setting.`,
    group,
    order_in_group: order,
    width: 'MEDIUM',
    display_name: name,
    dependents: [],
  };
}

const COMMON: ConfigKeyInfo[] = [
  key('name', 'STRING', 'Common', 1, { required: true, doc: 'Globally unique name of the connector.' }),
  key('connector.class', 'STRING', 'Common', 2, { required: true, doc: 'Class (or alias) of the connector.' }),
  key('tasks.max', 'INT', 'Common', 3, { default: '1', doc: 'Most tasks the connector may run.' }),
  key('key.converter', 'CLASS', 'Common', 4),
  key('value.converter', 'CLASS', 'Common', 5),
];

export const MOCK_PLUGINS: readonly MockPlugin[] = [
  {
    info: { class: MOCK_SOURCE, type: 'source', version: '1.0.0' },
    keys: [...COMMON, key('topic', 'STRING', 'Mock', 1, { required: true, doc: 'Topic the mock source writes to.' })],
  },
  {
    info: { class: MOCK_SINK, type: 'sink', version: '1.0.0' },
    keys: [...COMMON, key('topics', 'LIST', 'Mock', 1, { required: true, doc: 'Topics the mock sink reads.' })],
  },
];

export const OTHER_PLUGINS: readonly PluginInfo[] = [
  { class: 'org.apache.kafka.connect.json.JsonConverter', type: 'converter', version: '0.1.0' },
  { class: 'org.apache.kafka.connect.transforms.InsertField$Value', type: 'transformation', version: '0.1.0' },
];

/** A plugin by class name, simple name, or simple name without "Connector", as Connect resolves aliases. */
export function findMockPlugin(name: string): MockPlugin | undefined {
  return MOCK_PLUGINS.find((p) => {
    const simple = p.info.class.slice(p.info.class.lastIndexOf('.') + 1);
    return name === p.info.class || name === simple || name === simple.replace(/Connector$/, '');
  });
}
