/**
 * A connection to a group's coordinator broker, found with FindCoordinator through the bootstrap
 * servers and kept until a request says the coordinator moved (then found again).
 */
import { ConnectionPool, findCoordinatorV3, type Connection } from '@platformatic/kafka';
import { bootstrapList, type KafkaClientOptions } from '../kafka/kafka-client-options.ts';
import { hasKafkaError } from '../kafka/kafka-errors.ts';

/** FindCoordinator key type of a consumer (or any classic) group. */
const GROUP_KEY_TYPE = 0;

export class CoordinatorConnection {
  readonly #groupId: string;
  readonly #bootstrap: { host: string; port: number }[];
  readonly #pool: ConnectionPool;
  #coordinator: { host: string; port: number } | undefined;

  constructor(client: KafkaClientOptions, groupId: string, purpose: string, requestTimeoutMs: number) {
    this.#groupId = groupId;
    this.#bootstrap = bootstrapList(client.bootstrapServers).map(parseBroker);
    const { tls, sasl, connectTimeout, tlsServerName } = client.overrides ?? {};
    this.#pool = new ConnectionPool(`${client.clientId ?? 'sluice'}-${purpose}`, { tls, sasl, connectTimeout, tlsServerName, requestTimeout: requestTimeoutMs });
  }

  /** The coordinator's connection, finding the coordinator first if needed. */
  async get(): Promise<Connection> {
    if (!this.#coordinator) {
      const any = await this.#pool.getFirstAvailable(this.#bootstrap);
      const [found] = (await findCoordinatorV3.api.async(any, GROUP_KEY_TYPE, [this.#groupId])).coordinators;
      this.#coordinator = { host: found.host, port: found.port };
    }
    return this.#pool.get(this.#coordinator);
  }

  /** Forget the coordinator (it moved or its connection broke); the next get() looks it up again. */
  reset(): void {
    this.#coordinator = undefined;
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}

/** Errors after which the coordinator must be looked up again. */
export function coordinatorMoved(error: unknown): boolean {
  return (
    hasKafkaError(error, 'NOT_COORDINATOR') ||
    hasKafkaError(error, 'COORDINATOR_NOT_AVAILABLE') ||
    hasKafkaError(error, 'COORDINATOR_LOAD_IN_PROGRESS') ||
    (error as { code?: string } | null)?.code === 'PLT_KFK_NETWORK'
  );
}

function parseBroker(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[|\]$/g, '');
  return { host, port: Number(address.slice(colon + 1)) };
}
