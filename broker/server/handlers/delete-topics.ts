// DeleteTopics (key 20): by name (v0-5) or by name or topic id (v6+).
import { ErrorCode } from '../../protocol/error-codes.ts';
import type { Message } from '../../protocol/schema/codec.ts';
import type { LogManager } from '../../log/log-manager.ts';
import { topicIdFromBytes, topicIdToBytes } from '../../log/topic-id.ts';
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';
import { protocolErrorOf } from '../protocol-error-of.ts';

const NO_TOPIC_ID = Buffer.alloc(16);

export function deleteTopicsHandler(deps: { readonly logs: LogManager }): Handler {
  return {
    apiKey: ApiKey.DeleteTopics,
    minVersion: 0,
    maxVersion: 6,
    async handle(request, ctx) {
      const wanted: { name: string | null; topicId: Buffer }[] =
        ctx.apiVersion >= 6 ? request.topics : (request.topicNames as string[]).map((name) => ({ name, topicId: NO_TOPIC_ID }));
      const responses = [];
      for (const w of wanted) {
        const topic = w.name !== null ? deps.logs.getTopic(w.name) : deps.logs.getTopicById(topicIdFromBytes(w.topicId));
        if (!topic) {
          const errorCode = w.name !== null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code : ErrorCode.UNKNOWN_TOPIC_ID.code;
          responses.push({ name: w.name, topicId: w.topicId, errorCode, errorMessage: null });
          continue;
        }
        try {
          await deps.logs.deleteTopic(topic.name);
          responses.push({ name: topic.name, topicId: topicIdToBytes(topic.topicId), errorCode: 0, errorMessage: null });
        } catch (err) {
          const { code, message } = protocolErrorOf(err);
          responses.push({ name: topic.name, topicId: topicIdToBytes(topic.topicId), errorCode: code, errorMessage: message });
        }
      }
      return { throttleTimeMs: 0, responses };
    },
  };
}
