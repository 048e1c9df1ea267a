/**
 * The runtime's one error registry. Every error the runtime raises on purpose has a
 * stable code, the HTTP status the REST API answers with (Kafka Connect's codes), and
 * whether retrying can help.
 */
export interface RuntimeErrorKind {
  readonly code: string;
  readonly status: number;
  readonly retriable: boolean;
}

function kind(code: string, status: number, retriable: boolean): RuntimeErrorKind {
  return Object.freeze({ code, status, retriable });
}

export const RuntimeErrors = Object.freeze({
  NOT_FOUND: kind('NOT_FOUND', 404, false),
  ALREADY_EXISTS: kind('ALREADY_EXISTS', 409, false),
  REBALANCE_IN_PROGRESS: kind('REBALANCE_IN_PROGRESS', 409, true),
  BAD_REQUEST: kind('BAD_REQUEST', 400, false),
  FORBIDDEN: kind('FORBIDDEN', 403, false),
  INVALID_CONFIG: kind('INVALID_CONFIG', 400, false),
  CONFLICT: kind('CONFLICT', 409, false),
  NOT_LEADER: kind('NOT_LEADER', 409, true),
  LEADER_UNKNOWN: kind('LEADER_UNKNOWN', 409, true),
  TIMEOUT: kind('TIMEOUT', 500, true),
  PLUGIN_NOT_FOUND: kind('PLUGIN_NOT_FOUND', 404, false),
  PLUGIN_LOAD_FAILED: kind('PLUGIN_LOAD_FAILED', 500, false),
  KAFKA: kind('KAFKA', 500, true),
  INTERNAL: kind('INTERNAL', 500, false),
});

export class RuntimeError extends Error {
  readonly kind: RuntimeErrorKind;
  /** Per-field problems, for config validation failures (field -> messages). */
  readonly fieldErrors?: Readonly<Record<string, readonly string[]>>;
  /** For NOT_LEADER: the leader's REST URL, where the REST layer forwards the request. */
  readonly leaderUrl?: string;

  constructor(kind: RuntimeErrorKind, message: string, options: { cause?: unknown; fieldErrors?: Record<string, string[]>; leaderUrl?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = 'RuntimeError';
    this.kind = kind;
    this.fieldErrors = options.fieldErrors;
    this.leaderUrl = options.leaderUrl;
  }

  get status(): number {
    return this.kind.status;
  }
}

export function notFound(what: string): RuntimeError {
  return new RuntimeError(RuntimeErrors.NOT_FOUND, what);
}
