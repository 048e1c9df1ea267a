/**
 * InitProducerId (key 22): gives an idempotent producer its producer id, epoch 0.
 *
 * As in Kafka, a request without a transactional id always gets a fresh id; the producerId/producerEpoch
 * of v3+ (KIP-360) are not consulted, because an idempotent producer bumps its epoch itself and epoch
 * fencing exists only per transactional id. A transactional id is answered with COORDINATOR_NOT_AVAILABLE,
 * what Kafka answers while no transaction coordinator can serve it: there is none here until transactions
 * are implemented (an empty one is INVALID_REQUEST, as in Kafka). v5 (transactions v2) is not advertised.
 */
import { ErrorCode, type KafkaError } from '../../protocol/error-codes.ts';
import type { Message } from '../../protocol/schema/codec.ts';
import type { Handler } from '../handler.ts';
import { protocolErrorOf } from '../protocol-error-of.ts';
import type { ProducerIdAllocator } from '../producer-id-allocator.ts';
import { ApiKey } from '../supported-apis.ts';

export interface InitProducerIdDeps {
  readonly producerIds: ProducerIdAllocator;
}

export function initProducerIdHandler(deps: InitProducerIdDeps): Handler {
  return {
    apiKey: ApiKey.InitProducerId,
    minVersion: 0,
    maxVersion: 4,
    async handle(request) {
      const transactionalId: string | null = request.transactionalId;
      if (transactionalId !== null) {
        return refusal(transactionalId === '' ? ErrorCode.INVALID_REQUEST.code : ErrorCode.COORDINATOR_NOT_AVAILABLE.code);
      }
      try {
        const producerId = await deps.producerIds.allocate();
        return { throttleTimeMs: 0, errorCode: ErrorCode.NONE.code, producerId, producerEpoch: 0 };
      } catch (err) {
        return refusal(protocolErrorOf(err).code);
      }
    },
  };
}

function refusal(errorCode: KafkaError['code']): Message {
  return { throttleTimeMs: 0, errorCode, producerId: -1n, producerEpoch: -1 };
}
