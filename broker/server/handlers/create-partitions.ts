// CreatePartitions (key 37): grows a topic's partition count.
import { ErrorCode, KafkaProtocolError } from '../../protocol/error-codes.ts';
import type { Message } from '../../protocol/schema/codec.ts';
import type { LogManager } from '../../log/log-manager.ts';
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';
import { protocolErrorOf } from '../protocol-error-of.ts';

export function createPartitionsHandler(deps: { readonly logs: LogManager; readonly nodeId: number }): Handler {
  return {
    apiKey: ApiKey.CreatePartitions,
    minVersion: 0,
    maxVersion: 3,
    async handle(request) {
      const results = [];
      for (const t of request.topics as Message[]) {
        try {
          for (const a of (t.assignments ?? []) as Message[]) {
            if (a.brokerIds.some((id: number) => id !== deps.nodeId)) {
              throw new KafkaProtocolError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `assignment [${a.brokerIds}] names a broker other than ${deps.nodeId}`);
            }
          }
          await deps.logs.createPartitions(t.name, t.count, { validateOnly: request.validateOnly === true });
          results.push({ name: t.name, errorCode: 0, errorMessage: null });
        } catch (err) {
          const { code, message } = protocolErrorOf(err);
          results.push({ name: t.name, errorCode: code, errorMessage: message });
        }
      }
      return { throttleTimeMs: 0, results };
    },
  };
}
