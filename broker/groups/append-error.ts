/**
 * The error a client gets when writing to __consumer_offsets failed, mapped as Kafka maps them: storage
 * trouble becomes a retriable coordinator error (the client re-finds the coordinator and retries), an
 * oversized commit becomes INVALID_COMMIT_OFFSET_SIZE.
 */
import { ErrorCode, KafkaProtocolError } from '../protocol/error-codes.ts';

export function appendErrorCode(err: unknown, forOffsetCommit: boolean): number {
  if (err instanceof KafkaProtocolError) {
    switch (err.code) {
      case ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code:
      case ErrorCode.NOT_ENOUGH_REPLICAS.code:
      case ErrorCode.REQUEST_TIMED_OUT.code:
        return ErrorCode.COORDINATOR_NOT_AVAILABLE.code;
      case ErrorCode.NOT_LEADER_OR_FOLLOWER.code:
      case ErrorCode.KAFKA_STORAGE_ERROR.code:
        return ErrorCode.NOT_COORDINATOR.code;
      case ErrorCode.MESSAGE_TOO_LARGE.code:
      case ErrorCode.RECORD_LIST_TOO_LARGE.code:
      case ErrorCode.INVALID_FETCH_SIZE.code:
        return forOffsetCommit ? ErrorCode.INVALID_COMMIT_OFFSET_SIZE.code : ErrorCode.UNKNOWN_SERVER_ERROR.code;
      default:
        return err.code;
    }
  }
  // File-system failures (errors with a syscall) are storage errors too.
  if (err && typeof err === 'object' && 'syscall' in err) return ErrorCode.NOT_COORDINATOR.code;
  return ErrorCode.UNKNOWN_SERVER_ERROR.code;
}
