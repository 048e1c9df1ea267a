// AlterConfigs (key 33) and IncrementalAlterConfigs (key 44) for topics. Broker settings
// are static (they come from the start-up config), so altering them is refused.
import { ErrorCode, KafkaProtocolError } from '../../protocol/error-codes.ts';
import type { Message } from '../../protocol/schema/codec.ts';
import type { LogManager } from '../../log/log-manager.ts';
import type { IncrementalConfigOp } from '../../log/config-alterations.ts';
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';
import { protocolErrorOf } from '../protocol-error-of.ts';
import { ResourceType } from './config-codes.ts';

const OPS: readonly IncrementalConfigOp[] = ['SET', 'DELETE', 'APPEND', 'SUBTRACT'];

type AlterOne = (resource: Message, validateOnly: boolean) => Promise<void>;

function alterHandler(apiKey: number, maxVersion: number, alter: AlterOne): Handler {
  return {
    apiKey,
    minVersion: 0,
    maxVersion,
    async handle(request) {
      const responses = [];
      for (const r of request.resources as Message[]) {
        const base = { resourceType: r.resourceType, resourceName: r.resourceName };
        try {
          if (r.resourceType !== ResourceType.TOPIC) {
            throw new KafkaProtocolError(ErrorCode.INVALID_REQUEST, `only topic configs can be altered; broker settings are fixed at start-up (resource type ${r.resourceType})`);
          }
          await alter(r, request.validateOnly === true);
          responses.push({ ...base, errorCode: 0, errorMessage: null });
        } catch (err) {
          const { code, message } = protocolErrorOf(err);
          responses.push({ ...base, errorCode: code, errorMessage: message });
        }
      }
      return { throttleTimeMs: 0, responses };
    },
  };
}

export function alterConfigsHandler(deps: { readonly logs: LogManager }): Handler {
  return alterHandler(ApiKey.AlterConfigs, 2, async (r, validateOnly) => {
    const configs: Record<string, string> = {};
    for (const c of r.configs as Message[]) {
      if (c.value === null) throw new KafkaProtocolError(ErrorCode.INVALID_CONFIG, `null value for config '${c.name}'`);
      configs[c.name] = c.value;
    }
    await deps.logs.alterTopicConfigs(r.resourceName, configs, { validateOnly });
  });
}

export function incrementalAlterConfigsHandler(deps: { readonly logs: LogManager }): Handler {
  return alterHandler(ApiKey.IncrementalAlterConfigs, 1, async (r, validateOnly) => {
    const alterations = (r.configs as Message[]).map((c) => {
      const op = OPS[c.configOperation];
      if (!op) throw new KafkaProtocolError(ErrorCode.INVALID_REQUEST, `unknown config operation ${c.configOperation} for '${c.name}'`);
      return { name: c.name as string, op, value: c.value as string | null };
    });
    await deps.logs.incrementalAlterTopicConfigs(r.resourceName, alterations, { validateOnly });
  });
}
