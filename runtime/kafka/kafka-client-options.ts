/**
 * How the runtime reaches a Kafka cluster. Everything else about a client (TLS, SASL, timeouts)
 * passes through to @platformatic/kafka unchanged, so the runtime works against any Kafka-protocol
 * cluster, Sluice's broker or a real one.
 */
import type { BaseOptions } from '@platformatic/kafka';

export interface KafkaClientOptions {
  /** `bootstrap.servers`: "host:port" entries, or one comma-separated string. */
  readonly bootstrapServers: string | readonly string[];
  /** Prefix of every client id this layer creates; a suffix names the client's job. Default "sluice". */
  readonly clientId?: string;
  /** Passed to every @platformatic/kafka client as is (tls, sasl, connectTimeout, timeout, retries...). */
  readonly overrides?: Partial<Omit<BaseOptions, 'bootstrapBrokers' | 'clientId'>>;
}

export function bootstrapList(servers: string | readonly string[]): string[] {
  const list = typeof servers === 'string' ? servers.split(',') : [...servers];
  return list.map((s) => s.trim()).filter((s) => s !== '');
}

/** The options every client starts from; `purpose` becomes the client id's suffix. */
export function baseClientOptions(options: KafkaClientOptions, purpose: string): BaseOptions {
  return {
    ...options.overrides,
    clientId: `${options.clientId ?? 'sluice'}-${purpose}`,
    bootstrapBrokers: bootstrapList(options.bootstrapServers),
  };
}
