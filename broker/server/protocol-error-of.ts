/**
 * Maps an error thrown below a handler to the protocol error the client gets. Expected
 * failures are KafkaProtocolErrors and keep their code; anything else is a bug or an I/O
 * failure and becomes UNKNOWN_SERVER_ERROR (KAFKA_STORAGE_ERROR for file-system errors).
 */
import { ErrorCode, KafkaProtocolError } from '../protocol/error-codes.ts';

export function protocolErrorOf(err: unknown): { code: number; message: string } {
  if (err instanceof KafkaProtocolError) return { code: err.code, message: err.detail };
  if (err instanceof Error && 'syscall' in err) {
    return { code: ErrorCode.KAFKA_STORAGE_ERROR.code, message: `storage error: ${err.message}` };
  }
  return { code: ErrorCode.UNKNOWN_SERVER_ERROR.code, message: err instanceof Error ? err.message : String(err) };
}
