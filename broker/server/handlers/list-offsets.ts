// ListOffsets (key 2): earliest, latest, max-timestamp or first offset at a timestamp, per partition.
import type { Message } from '../../protocol/schema/codec.ts';
import type { LogManager } from '../../log/log-manager.ts';
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';
import { protocolErrorOf } from '../protocol-error-of.ts';

export function listOffsetsHandler(deps: { readonly logs: LogManager }): Handler {
  return {
    apiKey: ApiKey.ListOffsets,
    minVersion: 1,
    maxVersion: 9,
    handle(request) {
      const topics = (request.topics as Message[]).map((t) => ({
        name: t.name,
        partitions: (t.partitions as Message[]).map((p) => {
          try {
            const found = deps.logs.partition(t.name, p.partitionIndex).offsetForTimestamp(Number(p.timestamp));
            return { partitionIndex: p.partitionIndex, errorCode: 0, timestamp: BigInt(found.timestamp), offset: BigInt(found.offset), leaderEpoch: 0 };
          } catch (err) {
            return { partitionIndex: p.partitionIndex, errorCode: protocolErrorOf(err).code, timestamp: -1n, offset: -1n, leaderEpoch: -1 };
          }
        }),
      }));
      return { throttleTimeMs: 0, topics };
    },
  };
}
