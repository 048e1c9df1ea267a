// What every route module is given: the herder it wraps and the worker settings REST needs.
import type { Herder } from '../herder/herder.ts';
import type { LoggerRegistry } from '../logging/logger-registry.ts';

export interface RestContext {
  /** Bounded by the request timeout (request-timeout.ts). */
  readonly herder: Herder;
  readonly loggers: LoggerRegistry;
  readonly serverInfo: { readonly version: string; readonly commit: string };
  /** Worker settings topic.tracking.enable and topic.tracking.allow.reset. */
  readonly topicTracking: { readonly enable: boolean; readonly allowReset: boolean };
}
