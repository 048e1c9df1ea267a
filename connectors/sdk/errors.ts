/**
 * The SDK's one error registry. Every error a connector, task or converter throws through the SDK
 * carries a stable `code` from this table and a `retriable` flag; the runtime reads those (never the
 * message) to choose between retrying, tolerating (`errors.tolerance`) and failing the task.
 */
export interface ErrorDefinition {
  readonly code: string;
  readonly retriable: boolean;
  readonly description: string;
}

function def(code: string, retriable: boolean, description: string): ErrorDefinition {
  return Object.freeze({ code, retriable, description });
}

export const ErrorCodes = Object.freeze({
  CONNECT_FAILED: def('CONNECT_FAILED', false, 'A connector or task failed; the task stops unless the error is tolerated.'),
  CONNECT_RETRIABLE: def('CONNECT_RETRIABLE', true, 'A transient failure (lost connection, busy resource); the runtime retries the operation.'),
  DATA_INVALID: def('DATA_INVALID', false, 'A value does not match its schema (wrong type, out of range, missing required field).'),
  DATA_SCHEMA_INVALID: def('DATA_SCHEMA_INVALID', false, 'A schema is malformed: builder misuse, duplicate field, unknown type, bad logical-type parameters.'),
  DATA_CONVERSION_FAILED: def('DATA_CONVERSION_FAILED', false, 'A converter could not turn bytes into Connect data or Connect data into bytes.'),
  CONFIG_INVALID: def('CONFIG_INVALID', false, 'A configuration value is missing, of the wrong type or outside its allowed values.'),
  CONFIG_SCHEMA_INVALID: def('CONFIG_SCHEMA_INVALID', false, "A plugin's config JSON Schema is itself invalid (a bug in the plugin)."),
  PLUGIN_MANIFEST_INVALID: def('PLUGIN_MANIFEST_INVALID', false, 'A package.json "sluice" plugin manifest is malformed.'),
});

export type ErrorCode = keyof typeof ErrorCodes;

export interface ConnectErrorOptions {
  readonly cause?: unknown;
  readonly code?: ErrorCode;
}

export class ConnectException extends Error {
  override name = 'ConnectException';
  readonly code: ErrorCode;
  readonly retriable: boolean;

  constructor(message: string, options: ConnectErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? this.defaultCode();
    this.retriable = ErrorCodes[this.code].retriable;
  }

  protected defaultCode(): ErrorCode {
    return 'CONNECT_FAILED';
  }
}

/** A value, schema or conversion problem: retrying the same data cannot succeed. */
export class DataException extends ConnectException {
  override name = 'DataException';

  protected override defaultCode(): ErrorCode {
    return 'DATA_INVALID';
  }
}

/** Thrown from poll/put/flush (or a converter) to ask the runtime to retry the same operation. */
export class RetriableException extends ConnectException {
  override name = 'RetriableException';

  protected override defaultCode(): ErrorCode {
    return 'CONNECT_RETRIABLE';
  }
}

export interface ConfigErrorOptions extends ConnectErrorOptions {
  /** The config key at fault, when there is one. */
  readonly key?: string;
  readonly value?: unknown;
}

export class ConfigException extends ConnectException {
  override name = 'ConfigException';
  readonly key: string | null;
  readonly value: unknown;

  constructor(message: string, options: ConfigErrorOptions = {}) {
    super(message, options);
    this.key = options.key ?? null;
    this.value = options.value;
  }

  protected override defaultCode(): ErrorCode {
    return 'CONFIG_INVALID';
  }
}

/** True for errors the runtime should retry: SDK errors whose code is retriable. */
export function isRetriable(error: unknown): boolean {
  return error instanceof ConnectException && error.retriable;
}
