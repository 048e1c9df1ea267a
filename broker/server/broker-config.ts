/**
 * Broker settings: validated against schemas/broker-config.json (the only definition
 * of names, types and defaults), defaults applied, then frozen.
 */
import { Ajv } from 'ajv';
import schema from '../../schemas/broker-config.json' with { type: 'json' };

export interface BrokerConfig {
  readonly 'node.id': number;
  readonly listeners: string;
  readonly 'advertised.listeners'?: string;
  readonly 'log.dirs': string;
  readonly 'socket.request.max.bytes': number;
  readonly 'auto.create.topics.enable': boolean;
  readonly 'num.partitions': number;
  readonly 'default.replication.factor': number;
  readonly 'log.retention.check.interval.ms': number;
  readonly 'log.flush.interval.ms': number;
  readonly 'group.initial.rebalance.delay.ms': number;
  readonly 'group.min.session.timeout.ms': number;
  readonly 'group.max.session.timeout.ms': number;
  readonly 'offsets.retention.minutes': number;
  readonly 'offsets.retention.check.interval.ms': number;
  readonly 'offsets.topic.num.partitions': number;
  readonly 'offset.metadata.max.bytes': number;
  readonly 'producer.id.expiration.ms': number;
  readonly 'log.cleaner.backoff.ms': number;
  readonly 'log.cleaner.dedupe.buffer.size': number;
  readonly 'topic.defaults': Readonly<Record<string, string | number | boolean>>;
}

export class BrokerConfigError extends Error {
  override name = 'BrokerConfigError';
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(schema);

export function brokerConfig(input: Record<string, unknown> = {}): BrokerConfig {
  const copy = structuredClone(input);
  if (!validate(copy)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`).join('; ');
    throw new BrokerConfigError(`invalid broker config: ${problems}`);
  }
  return Object.freeze(copy as unknown as BrokerConfig);
}

export function parseHostPort(value: string): { host: string; port: number } {
  const at = value.lastIndexOf(':');
  return { host: value.slice(0, at) || '0.0.0.0', port: Number(value.slice(at + 1)) };
}
