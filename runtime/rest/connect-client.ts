/**
 * A client for Kafka Connect's REST API (Sluice's or Kafka's own): typed calls, and
 * Connect's error answers turned into ConnectRestError carrying the status and message.
 * The CLI's `sluice connectors` commands are built on it.
 */
import type { ConnectorConfig, ConnectorInfo, ConnectorOffsets, ConnectorStateInfo, RestartRequest, ServerInfo } from '../herder/connect-types.ts';

export class ConnectRestError extends Error {
  override name = 'ConnectRestError';
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export interface CreateConnectorRequest {
  name: string;
  config: ConnectorConfig;
  initial_state?: 'RUNNING' | 'PAUSED' | 'STOPPED';
}

export type ExpandedConnectors = Record<string, { status: ConnectorStateInfo; info: ConnectorInfo }>;

interface Answer {
  status: number;
  body: unknown;
}

export class ConnectClient {
  readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  serverInfo = () => this.#json<ServerInfo>('GET', '/');
  connectors = () => this.#json<string[]>('GET', '/connectors');
  connectorsExpanded = () => this.#json<ExpandedConnectors>('GET', '/connectors?expand=status&expand=info');
  connector = (name: string) => this.#json<ConnectorInfo>('GET', this.#path(name));
  config = (name: string) => this.#json<ConnectorConfig>('GET', this.#path(name, '/config'));
  create = (request: CreateConnectorRequest) => this.#json<ConnectorInfo>('POST', '/connectors', request);
  patchConfig = (name: string, patch: Record<string, string | null>) => this.#json<ConnectorInfo>('PATCH', this.#path(name, '/config'), patch);
  delete = (name: string) => this.#send('DELETE', this.#path(name)).then(() => undefined);
  status = (name: string) => this.#json<ConnectorStateInfo>('GET', this.#path(name, '/status'));
  pause = (name: string) => this.#send('PUT', this.#path(name, '/pause')).then(() => undefined);
  resume = (name: string) => this.#send('PUT', this.#path(name, '/resume')).then(() => undefined);
  stop = (name: string) => this.#send('PUT', this.#path(name, '/stop')).then(() => undefined);
  restartTask = (name: string, task: number) => this.#send('POST', this.#path(name, `/tasks/${task}/restart`)).then(() => undefined);
  offsets = (name: string) => this.#json<ConnectorOffsets>('GET', this.#path(name, '/offsets'));
  alterOffsets = (name: string, offsets: ConnectorOffsets) => this.#json<{ message: string }>('PATCH', this.#path(name, '/offsets'), offsets);
  resetOffsets = (name: string) => this.#json<{ message: string }>('DELETE', this.#path(name, '/offsets'));

  /** Creates the connector (created: true) or replaces its whole config. */
  async putConfig(name: string, config: ConnectorConfig): Promise<{ created: boolean; info: ConnectorInfo }> {
    const answer = await this.#send('PUT', this.#path(name, '/config'), config);
    return { created: answer.status === 201, info: answer.body as ConnectorInfo };
  }

  /** The restart plan, or null when only the connector itself was restarted. */
  async restart(name: string, request: RestartRequest): Promise<ConnectorStateInfo | null> {
    const query = `?includeTasks=${request.includeTasks}&onlyFailed=${request.onlyFailed}`;
    const answer = await this.#send('POST', this.#path(name, `/restart${query}`));
    return answer.status === 204 ? null : (answer.body as ConnectorStateInfo);
  }

  #path(name: string, rest = ''): string {
    return `/connectors/${encodeURIComponent(name)}${rest}`;
  }

  async #json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await this.#send(method, path, body)).body as T;
  }

  async #send(method: string, path: string, body?: unknown): Promise<Answer> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`cannot reach the Connect REST API at ${this.baseUrl}: ${cause?.code ?? cause?.message ?? (err as Error).message}`, { cause: err });
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    if (!response.ok) {
      const message = (parsed as { message?: unknown } | undefined)?.message;
      throw new ConnectRestError(response.status, `${typeof message === 'string' ? message : text || response.statusText} (HTTP ${response.status} from ${method} ${path})`);
    }
    return { status: response.status, body: parsed };
  }
}
