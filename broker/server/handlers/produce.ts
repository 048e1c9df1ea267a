// Produce (key 0): validates each partition's record batches and appends them to the log.
import { ErrorCode, KafkaProtocolError } from '../../protocol/error-codes.ts';
import { splitAndValidateBatches } from '../../protocol/records/validate-batches.ts';
import type { Message } from '../../protocol/schema/codec.ts';
import type { LogManager } from '../../log/log-manager.ts';
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';
import { protocolErrorOf } from '../protocol-error-of.ts';

export interface ProduceDeps {
  readonly logs: LogManager;
}

export function produceHandler(deps: ProduceDeps): Handler {
  return {
    apiKey: ApiKey.Produce,
    minVersion: 3,
    maxVersion: 11,
    handle(request, ctx) {
      const acks: number = request.acks;
      const invalidAcks = acks !== 0 && acks !== 1 && acks !== -1;
      const responses = (request.topicData as Message[]).map((topic) => ({
        name: topic.name,
        partitionResponses: (topic.partitionData as Message[]).map((p) =>
          invalidAcks ? failure(p.index, ErrorCode.INVALID_REQUIRED_ACKS.code, `acks must be -1, 0 or 1, got ${acks}`) : appendPartition(deps, topic.name, p),
        ),
      }));
      if (acks === 0) return null;
      return { responses, throttleTimeMs: 0 };
    },
  };
}

function failure(index: number, errorCode: number, errorMessage: string | null, recordErrors: Message[] = []): Message {
  return { index, errorCode, baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n, recordErrors, errorMessage };
}

function appendPartition(deps: ProduceDeps, topic: string, p: Message): Message {
  const records: Buffer | null = p.records;
  try {
    const log = deps.logs.partition(topic, p.index);
    if (!records || records.length === 0) throw new KafkaProtocolError(ErrorCode.CORRUPT_MESSAGE, 'produce request carries no record batch');
    splitAndValidateBatches(records, { maxBatchBytes: log.config.maxMessageBytes });
    const result = log.append(records);
    return {
      index: p.index,
      errorCode: 0,
      baseOffset: BigInt(result.baseOffset),
      logAppendTimeMs: BigInt(result.logAppendTimeMs),
      logStartOffset: BigInt(result.logStartOffset),
      recordErrors: [],
      errorMessage: null,
    };
  } catch (err) {
    const { code, message } = protocolErrorOf(err);
    return failure(p.index, code, message, code === ErrorCode.CORRUPT_MESSAGE.code || code === ErrorCode.INVALID_RECORD.code ? [{ batchIndex: 0, batchIndexErrorMessage: message }] : []);
  }
}
