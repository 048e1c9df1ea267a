// Fetch (key 1): serves stored batches as they are, waiting (without polling) for
// min_bytes up to max_wait_ms. Fetch sessions are declined (session id 0), which the
// protocol allows: clients then keep sending full fetch requests.
import { ErrorCode } from '../../protocol/error-codes.ts';
import type { Message } from '../../protocol/schema/codec.ts';
import type { LogManager } from '../../log/log-manager.ts';
import type { Handler, RequestContext } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';
import { AppendNotifier } from '../append-notifier.ts';
import { topicIdFromBytes } from '../../log/topic-id.ts';
import { protocolErrorOf } from '../protocol-error-of.ts';

export interface FetchDeps {
  readonly logs: LogManager;
  readonly notifier: AppendNotifier;
}

const EMPTY = Buffer.alloc(0);

interface FetchRound {
  topics: Message[];
  bytes: number;
  failed: boolean;
  waitKeys: string[];
}

export function fetchHandler(deps: FetchDeps): Handler {
  return {
    apiKey: ApiKey.Fetch,
    minVersion: 4,
    maxVersion: 17,
    async handle(request, ctx) {
      const byTopicId = ctx.apiVersion >= 13;
      const deadline = Date.now() + Math.max(0, request.maxWaitMs as number);
      let round = readOnce(deps.logs, request, byTopicId);
      while (!round.failed && round.bytes < (request.minBytes as number) && !ctx.signal.aborted) {
        const left = deadline - Date.now();
        if (left <= 0) break;
        await deps.notifier.waitForAppend(round.waitKeys, left, ctx.signal);
        round = readOnce(deps.logs, request, byTopicId);
      }
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE.code, sessionId: 0, responses: round.topics };
    },
  };
}

function readOnce(logs: LogManager, request: Message, byTopicId: boolean): FetchRound {
  let budget = request.maxBytes as number;
  const round: FetchRound = { topics: [], bytes: 0, failed: false, waitKeys: [] };
  for (const t of request.topics as Message[]) {
    const topic = byTopicId ? logs.getTopicById(topicIdFromBytes(t.topicId)) : logs.getTopic(t.topic);
    const partitions = (t.partitions as Message[]).map((p) => {
      const answer: Message = { partitionIndex: p.partition, errorCode: 0, highWatermark: -1n, lastStableOffset: -1n, logStartOffset: -1n, abortedTransactions: null, preferredReadReplica: -1, records: EMPTY };
      const log = topic && p.partition >= 0 && p.partition < topic.partitions ? logs.partition(topic.name, p.partition) : undefined;
      if (!log) {
        answer.errorCode = byTopicId && !topic ? ErrorCode.UNKNOWN_TOPIC_ID.code : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code;
        round.failed = true;
        return answer;
      }
      round.waitKeys.push(AppendNotifier.key(log.topic, log.partition));
      try {
        const maxBytes = Math.max(0, Math.min(p.partitionMaxBytes as number, budget));
        const result = log.read(Number(p.fetchOffset), maxBytes, { minOneMessage: round.bytes === 0 });
        answer.highWatermark = BigInt(result.highWatermark);
        answer.lastStableOffset = BigInt(result.lastStableOffset);
        answer.logStartOffset = BigInt(result.logStartOffset);
        answer.records = result.records;
        round.bytes += result.records.length;
        budget -= result.records.length;
      } catch (err) {
        answer.errorCode = protocolErrorOf(err).code;
        answer.highWatermark = BigInt(log.highWatermark);
        answer.logStartOffset = BigInt(log.logStartOffset);
        round.failed = true;
      }
      return answer;
    });
    round.topics.push(byTopicId ? { topicId: t.topicId, partitions } : { topic: t.topic, partitions });
  }
  return round;
}
