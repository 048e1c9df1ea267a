/**
 * FindCoordinator (key 10): a single broker coordinates every group, so the answer is always this
 * broker. v4+ batches keys. Only group keys are served: there is no transaction coordinator.
 */
import { ErrorCode } from '../../protocol/error-codes.ts';
import type { Message } from '../../protocol/schema/codec.ts';
import type { GroupCoordinator } from '../../groups/group-coordinator.ts';
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';

const GROUP_KEY_TYPE = 0;

export interface CoordinatorNode {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

export function findCoordinatorHandler(deps: { readonly coordinator: GroupCoordinator; readonly self: () => CoordinatorNode }): Handler {
  const lookup = (keyType: number): { errorCode: number; errorMessage: string | null; node: CoordinatorNode } => {
    const none = { nodeId: -1, host: '', port: -1 };
    if (keyType !== GROUP_KEY_TYPE) {
      return { errorCode: ErrorCode.INVALID_REQUEST.code, errorMessage: `Unsupported coordinator key type ${keyType}: only groups (0) have a coordinator here.`, node: none };
    }
    // Still loading is fine (group requests then answer COORDINATOR_LOAD_IN_PROGRESS); stopped is not.
    if (deps.coordinator.availability() === ErrorCode.NOT_COORDINATOR.code) {
      return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE.code, errorMessage: 'The group coordinator is shutting down.', node: none };
    }
    return { errorCode: ErrorCode.NONE.code, errorMessage: null, node: deps.self() };
  };

  return {
    apiKey: ApiKey.FindCoordinator,
    minVersion: 0,
    maxVersion: 4,
    handle(request: Message, ctx) {
      if (ctx.apiVersion >= 4) {
        const coordinators = (request.coordinatorKeys as string[]).map((key) => {
          const { errorCode, errorMessage, node } = lookup(request.keyType);
          return { key, ...node, errorCode, errorMessage };
        });
        return { throttleTimeMs: 0, coordinators };
      }
      const { errorCode, errorMessage, node } = lookup(request.keyType);
      return { throttleTimeMs: 0, errorCode, errorMessage, ...node };
    },
  };
}
