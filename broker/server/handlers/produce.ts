// Produce (key 0): validates each partition's record batches and appends them to the log.
//
// Versions 0-2 are advertised although they can only carry legacy message sets (magic 0/1),
// which the broker refuses: librdkafka (kcat, confluent-kafka) compresses gzip, snappy and lz4
// batches only when Produce v0 is inside the broker's range, and then itself sends v3+.
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
    minVersion: 0,
    maxVersion: 11,
    handle(request, ctx) {
      const acks: number = request.acks;
      const refusal = refuse(acks, ctx.apiVersion);
      const responses = (request.topicData as Message[]).map((topic) => ({
        name: topic.name,
        partitionResponses: (topic.partitionData as Message[]).map((p) =>
          refusal ? failure(p.index, refusal.code, refusal.message) : appendPartition(deps, topic.name, p),
        ),
      }));
      if (acks === 0) return null;
      return { responses, throttleTimeMs: 0 };
    },
  };
}

/** A reason to refuse the whole request, or null. */
function refuse(acks: number, version: number): { code: number; message: string } | null {
  if (acks !== 0 && acks !== 1 && acks !== -1) return { code: ErrorCode.INVALID_REQUIRED_ACKS.code, message: `acks must be -1, 0 or 1, got ${acks}` };
  if (version < 3) {
    return {
      code: ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT.code,
      message: `Produce v${version} carries legacy message sets (magic 0/1), which this broker does not store; send Produce v3 or later with record batch v2`,
    };
  }
  return null;
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
