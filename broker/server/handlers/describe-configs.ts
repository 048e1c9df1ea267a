// DescribeConfigs (key 32): effective topic configs with source and synonyms; the
// broker's own settings (read-only: they come from its start-up config).
import { ErrorCode, KafkaProtocolError } from '../../protocol/error-codes.ts';
import type { Message } from '../../protocol/schema/codec.ts';
import type { LogManager } from '../../log/log-manager.ts';
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';
import { protocolErrorOf } from '../protocol-error-of.ts';
import { configSourceCode, configTypeCode, ResourceType } from './config-codes.ts';

export interface DescribeConfigsDeps {
  readonly logs: LogManager;
  readonly nodeId: number;
  /** The broker's settings as name -> value strings. */
  readonly brokerConfigs: () => Readonly<Record<string, string>>;
}

const STATIC_BROKER_CONFIG = 4;
const CONFIG_TYPE_STRING = 2;

export function describeConfigsHandler(deps: DescribeConfigsDeps): Handler {
  return {
    apiKey: ApiKey.DescribeConfigs,
    minVersion: 0,
    maxVersion: 4,
    handle(request) {
      const results = (request.resources as Message[]).map((r) => {
        const keys = r.configurationKeys as string[] | null;
        const base = { resourceType: r.resourceType, resourceName: r.resourceName };
        try {
          return { ...base, errorCode: 0, errorMessage: null, configs: describe(deps, r.resourceType, r.resourceName, keys, request.includeSynonyms === true) };
        } catch (err) {
          const { code, message } = protocolErrorOf(err);
          return { ...base, errorCode: code, errorMessage: message, configs: [] };
        }
      });
      return { throttleTimeMs: 0, results };
    },
  };
}

function describe(deps: DescribeConfigsDeps, type: number, name: string, keys: string[] | null, withSynonyms: boolean): Message[] {
  if (type === ResourceType.TOPIC) {
    return deps.logs.describeTopicConfigs(name, keys ?? undefined).map((e) => ({
      name: e.name,
      value: e.value,
      readOnly: e.readOnly,
      isDefault: e.source === 'DEFAULT_CONFIG',
      configSource: configSourceCode(e.source),
      isSensitive: false,
      synonyms: withSynonyms ? e.synonyms.map((s) => ({ name: s.name, value: s.value, source: configSourceCode(s.source) })) : [],
      configType: configTypeCode(e.type),
      documentation: null,
    }));
  }
  if (type === ResourceType.BROKER) {
    if (name !== '' && name !== String(deps.nodeId)) {
      throw new KafkaProtocolError(ErrorCode.INVALID_REQUEST, `broker ${name} is not this broker (node ${deps.nodeId})`);
    }
    return Object.entries(deps.brokerConfigs())
      .filter(([k]) => keys === null || keys.includes(k))
      .map(([k, v]) => ({
        name: k,
        value: v,
        readOnly: true,
        isDefault: false,
        configSource: STATIC_BROKER_CONFIG,
        isSensitive: false,
        synonyms: withSynonyms ? [{ name: k, value: v, source: STATIC_BROKER_CONFIG }] : [],
        configType: CONFIG_TYPE_STRING,
        documentation: null,
      }));
  }
  throw new KafkaProtocolError(ErrorCode.INVALID_REQUEST, `resource type ${type} is not supported`);
}
