/** A connector's errors.* settings (Connect's names and defaults), parsed by schemas/connector-errors-config.json. */
import { ConfigDef } from '../../../connectors/sdk/index.ts';
import schema from '../../../schemas/connector-errors-config.json' with { type: 'json' };

export interface ErrorHandlingConfig {
  readonly 'errors.retry.timeout': number;
  readonly 'errors.retry.delay.max.ms': number;
  readonly 'errors.tolerance': 'none' | 'all';
  readonly 'errors.log.enable': boolean;
  readonly 'errors.log.include.messages': boolean;
  readonly 'errors.deadletterqueue.topic.name': string;
  readonly 'errors.deadletterqueue.topic.replication.factor': number;
  readonly 'errors.deadletterqueue.context.headers.enable': boolean;
}

export const ERROR_HANDLING_CONFIG = new ConfigDef<ErrorHandlingConfig>(schema);

/** Throws a ConfigException for a bad errors.* value. */
export function errorHandlingConfig(connectorConfig: Readonly<Record<string, string>>): ErrorHandlingConfig {
  const own = Object.fromEntries(Object.entries(connectorConfig).filter(([key]) => key.startsWith('errors.')));
  const parsed = ERROR_HANDLING_CONFIG.parse(own);
  return Object.freeze({ ...parsed, 'errors.deadletterqueue.topic.name': parsed['errors.deadletterqueue.topic.name'].trim() });
}
