// DeleteRecords (key 21): advances partitions' log start offsets.
import type { Message } from '../../protocol/schema/codec.ts';
import type { LogManager } from '../../log/log-manager.ts';
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';
import { protocolErrorOf } from '../protocol-error-of.ts';

export function deleteRecordsHandler(deps: { readonly logs: LogManager }): Handler {
  return {
    apiKey: ApiKey.DeleteRecords,
    minVersion: 0,
    maxVersion: 2,
    async handle(request) {
      const topics = [];
      for (const t of request.topics as Message[]) {
        const partitions = [];
        for (const p of t.partitions as Message[]) {
          try {
            const lowWatermark = await deps.logs.partition(t.name, p.partitionIndex).deleteRecords(Number(p.offset));
            partitions.push({ partitionIndex: p.partitionIndex, lowWatermark: BigInt(lowWatermark), errorCode: 0 });
          } catch (err) {
            partitions.push({ partitionIndex: p.partitionIndex, lowWatermark: -1n, errorCode: protocolErrorOf(err).code });
          }
        }
        topics.push({ name: t.name, partitions });
      }
      return { throttleTimeMs: 0, topics };
    },
  };
}
