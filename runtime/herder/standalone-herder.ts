/**
 * The standalone herder (Connect's StandaloneHerder): one worker process runs every connector and task.
 * Connector configs come from the files given at start and from REST, and live in memory only (lost
 * at exit, as in Connect); source offsets are in a local file (offset.storage.file.filename); statuses
 * in memory. Kafka is needed only by the tasks (and for the cluster id and sink offsets).
 *
 * Design: the config store is the memory variant of the distributed worker's, so the same update
 * events drive the same LocalWork reconciler: a config write emits its updates synchronously, each
 * schedules a reconcile on one queue, and every REST write waits until the queue and the task-config
 * generation it triggered are idle before answering, so an answer reflects the new state (a created
 * connector answers with its tasks, a stopped one has stopped).
 */
import { pino, type Logger } from 'pino';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import type { KafkaClientOptions } from '../kafka/index.ts';
import type { PluginRegistry } from '../plugins/index.ts';
import {
  FileOffsetBackingStore, MemoryConfigBackingStore, MemoryStatusBackingStore, type ClusterConfigState, type ConfigUpdate,
} from '../storage/index.ts';
import { kafkaTaskClients, Worker, workerConfig, type TaskClients } from '../worker/index.ts';
import { work } from '../distributed/connectors-and-tasks.ts';
import { AbstractHerder, patchedConfig, requireConfig, requireStopped } from './abstract-herder.ts';
import type { ConnectorConfig, ConnectorOffsets, ConnectorStateInfo, RestartRequest, TargetState } from './connect-types.ts';
import type { NamedConnectorConfig } from './connector-config-files.ts';
import { ConnectorOffsetsAdmin } from './connector-offsets.ts';
import { ConnectorValidator } from './connector-validation.ts';
import type { HerderHandle, PutConnectorResult } from './herder.ts';
import { standaloneWorkerConfig, type StandaloneWorkerConfig } from './herder-config.ts';
import { lazyAdmin, type LazyAdmin } from './lazy-admin.ts';
import { LocalWork } from './local-work.ts';
import { resolveRestUrl, workerIdOf, type RestUrlSource } from './rest-url.ts';
import { SerialQueue } from './serial-queue.ts';
import { StartupGate } from './startup-gate.ts';
import { TaskReconfiguration } from './task-reconfiguration.ts';
import { topicTrackingClients } from './topic-tracking.ts';

/** How long a request that arrives while the worker is still starting waits. */
const READY_WAIT_MS = 60_000;

export interface StandaloneHerderOptions {
  /** The worker props, as strings (the worker config file); checked against schemas/standalone-worker-config.json. */
  readonly props: Readonly<Record<string, string>>;
  /** Connector and converter plugins, already loaded (registerBuiltins(), loadPluginPath()). */
  readonly plugins: PluginRegistry;
  /** This worker's REST URL; a function when it is known only once the REST server listens. Read at start(). */
  readonly restUrl: RestUrlSource;
  /** Connectors to create at start (replacing nothing: the store is empty), e.g. from readConnectorConfigFile(). */
  readonly connectorConfigs?: readonly NamedConnectorConfig[];
  readonly logger?: Logger;
  /** How to reach Kafka (TLS, SASL...); default: bootstrap.servers from the props. */
  readonly client?: KafkaClientOptions;
  /** The tasks' Kafka clients; default kafkaTaskClients over `client`. */
  readonly taskClients?: TaskClients;
}

export function createStandaloneHerder(options: StandaloneHerderOptions): HerderHandle<StandaloneHerder> {
  const herder = new StandaloneHerder(options);
  return { herder, start: () => herder.start(), stop: () => herder.stop() };
}

export class StandaloneHerder extends AbstractHerder {
  readonly config: Readonly<StandaloneWorkerConfig>;
  readonly #options: StandaloneHerderOptions;
  readonly #logger: Logger;
  readonly #client: KafkaClientOptions;
  readonly #configs: MemoryConfigBackingStore;
  readonly #offsets: FileOffsetBackingStore;
  readonly #statuses: MemoryStatusBackingStore;
  readonly #admin: LazyAdmin;
  readonly #ops = new SerialQueue();
  readonly #ready = new StartupGate();
  readonly #writes = new SerialQueue();
  #workerId = 'standalone';
  #local: LocalWork | undefined;
  /** The task client factories this herder made (not ones it was given), closed once every task has stopped. */
  #taskClients: TaskClients | undefined;
  #reconfiguration: TaskReconfiguration | undefined;
  #unsubscribe: (() => void) | undefined;
  #state: 'new' | 'started' | 'stopped' = 'new';

  constructor(options: StandaloneHerderOptions) {
    const config = standaloneWorkerConfig(options.props);
    const client = options.client ?? { bootstrapServers: config['bootstrap.servers'] };
    const offsets = new FileOffsetBackingStore({ filename: config['offset.storage.file.filename'] });
    const statuses = new MemoryStatusBackingStore();
    const admin = lazyAdmin(client);
    super({
      plugins: options.plugins,
      validator: new ConnectorValidator({ plugins: options.plugins, converters: options.plugins.converterRegistry() }),
      statuses,
      offsets: new ConnectorOffsetsAdmin({ offsets, plugins: options.plugins, admin: admin.get }),
      admin: admin.get,
    });
    this.config = config;
    this.#options = options;
    this.#logger = (options.logger ?? pino({ level: 'silent' })).child({ herder: 'standalone' });
    this.#client = client;
    this.#offsets = offsets;
    this.#statuses = statuses;
    this.#admin = admin;
    this.#configs = new MemoryConfigBackingStore({ logger: this.#logger });
  }

  get workerId(): string {
    return this.#workerId;
  }

  async start(): Promise<void> {
    if (this.#state !== 'new') throw new Error('The standalone herder can be started once');
    this.#state = 'started';
    try {
      this.#workerId = workerIdOf(resolveRestUrl(this.#options.restUrl));
      await this.#offsets.start();
      await this.#configs.start();
      await this.#statuses.start();
    } catch (error) {
      this.#ready.fail(error);
      throw error;
    }
    const converters = this.#options.plugins.converterRegistry();
    const baseClients = this.#options.taskClients ?? kafkaTaskClients({ client: this.#client, logger: this.#logger, producerThreads: workerConfig(this.#options.props).settings['task.producer.thread.enable'] });
    if (!this.#options.taskClients) this.#taskClients = baseClients;
    const clients = this.config['topic.tracking.enable'] ? topicTrackingClients(baseClients, this.#statuses, this.#logger) : baseClients;
    const worker = new Worker({
      workerId: this.#workerId,
      props: this.#options.props,
      plugins: this.#options.plugins,
      converters,
      clients,
      offsetStore: this.#offsets,
      logger: this.#logger,
    });
    this.#local = new LocalWork({
      worker,
      statuses: this.#statuses,
      workerId: () => this.#workerId,
      generation: () => 0,
      snapshot: () => this.#configs.snapshot(),
      onTaskReconfigurationRequest: (connector) => void this.#reconfiguration?.request(connector),
      logger: this.#logger,
    });
    this.#reconfiguration = new TaskReconfiguration({
      worker,
      plugins: this.#options.plugins,
      offsets: this.#offsets,
      snapshot: async () => this.#configs.snapshot(),
      runsConnector: (name) => this.#local?.runsConnector(name) ?? false,
      write: (name, configs) => this.#configs.putTaskConfigs(name, configs),
      logger: this.#logger,
    });
    this.#unsubscribe = this.#configs.onUpdate((update) => this.#onUpdate(update));
    this.#ready.open();
    this.#logger.info({ workerId: this.#workerId }, 'standalone herder started');
    for (const { name, config } of this.#options.connectorConfigs ?? []) {
      await this.putConnectorConfig(name, config, { allowReplace: true });
    }
  }

  async stop(): Promise<void> {
    if (this.#state !== 'started') return;
    this.#state = 'stopped';
    this.#ready.fail(new Error('the worker is stopping'));
    this.#unsubscribe?.();
    this.#reconfiguration?.close();
    await this.#ops.idle();
    await this.#reconfiguration?.idle();
    await this.#local?.stopAll();
    await this.#taskClients?.close?.();
    await this.#statuses.flush();
    await this.#offsets.stop();
    await this.#configs.stop();
    await this.#statuses.stop();
    await this.#admin.close();
    this.#logger.info('standalone herder stopped');
  }

  protected async readSnapshot(): Promise<ClusterConfigState> {
    await this.#ready.wait(READY_WAIT_MS);
    return this.#configs.snapshot();
  }

  async putConnectorConfig(name: string, config: ConnectorConfig, options: { allowReplace: boolean; initialState?: TargetState }): Promise<PutConnectorResult> {
    return this.#write(async () => {
      await this.parts.validator.requireValid(config);
      const exists = this.#configs.contains(name);
      if (exists && !options.allowReplace) throw new RuntimeError(RuntimeErrors.ALREADY_EXISTS, `Connector ${name} already exists`);
      await this.#configs.putConnectorConfig(name, config, exists ? undefined : options.initialState);
      await this.#settle();
      return { created: !exists, info: this.infoOf(this.#configs.snapshot(), name) };
    });
  }

  async patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<PutConnectorResult> {
    const current = requireConfig(await this.readSnapshot(), name);
    return this.putConnectorConfig(name, patchedConfig(current, name, patch), { allowReplace: true });
  }

  async deleteConnector(name: string): Promise<void> {
    await this.#write(async () => {
      requireConfig(this.#configs.snapshot(), name);
      await this.#configs.removeConnectorConfig(name);
      await this.#settle();
    });
  }

  pauseConnector(name: string): Promise<void> {
    return this.#targetState(name, 'PAUSED');
  }

  resumeConnector(name: string): Promise<void> {
    return this.#targetState(name, 'STARTED');
  }

  /** As in Connect: the STOPPED target state, then no task configs (the tasks stop and are gone). */
  async stopConnector(name: string): Promise<void> {
    await this.#write(async () => {
      requireConfig(this.#configs.snapshot(), name);
      await this.#configs.putTargetState(name, 'STOPPED');
      await this.#configs.putTaskConfigs(name, []);
      await this.#settle();
    });
  }

  async restartConnector(name: string, request: RestartRequest): Promise<ConnectorStateInfo | null> {
    return this.#write(async () => {
      const snapshot = this.#configs.snapshot();
      requireConfig(snapshot, name);
      const plan = await this.planRestart(snapshot, name, request);
      await this.#configs.putRestartRequest(name, request);
      await this.#settle();
      return plan;
    });
  }

  async restartTask(name: string, task: number): Promise<void> {
    await this.#write(async () => {
      const snapshot = this.#configs.snapshot();
      requireConfig(snapshot, name);
      if (!snapshot.tasks(name).some((t) => t.task === task)) throw new RuntimeError(RuntimeErrors.NOT_FOUND, `Task ${name}-${task} not found`);
      const local = this.#running();
      await this.#ops.run(async () => {
        if (!(await local.restartTask({ connector: name, task }))) await this.#apply();
      });
      await this.#settle();
    });
  }

  async alterConnectorOffsets(name: string, offsets: ConnectorOffsets): Promise<void> {
    await this.#write(async () => {
      const config = requireStopped(this.#configs.snapshot(), name, 'altered');
      await this.parts.offsets.alter(name, config, offsets);
    });
  }

  async resetConnectorOffsets(name: string): Promise<void> {
    await this.#write(async () => {
      const config = requireStopped(this.#configs.snapshot(), name, 'reset');
      await this.parts.offsets.reset(name, config);
    });
  }

  async #targetState(name: string, state: TargetState): Promise<void> {
    await this.#write(async () => {
      requireConfig(this.#configs.snapshot(), name);
      await this.#configs.putTargetState(name, state);
      await this.#settle();
    });
  }

  #onUpdate(update: ConfigUpdate): void {
    if (update.type === 'restart-requested') {
      void this.#ops.run(async () => this.#reconfigure(await this.#running().restart(update.connector, update.request))).catch((error: unknown) => {
        this.#logger.error({ err: error, connector: update.connector }, 'restart failed');
      });
      return;
    }
    void this.#ops.run(() => this.#apply()).catch((error: unknown) => this.#logger.error({ err: error }, 'applying a config change failed'));
  }

  /** Everything configured runs here. */
  async #apply(): Promise<void> {
    const snapshot = this.#configs.snapshot();
    const local = this.#running();
    local.setOwned(work(snapshot.connectors(), snapshot.connectors().flatMap((c) => snapshot.tasks(c))));
    this.#reconfigure(await local.reconcile());
  }

  #reconfigure(connectors: readonly string[]): void {
    for (const name of connectors) void this.#reconfiguration?.request(name);
  }

  /** Waits until config changes have been applied and the task configs they led to are stored and applied. */
  async #settle(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      await this.#ops.idle();
      await this.#reconfiguration?.idle();
      if (this.#ops.pending === 0) return;
    }
  }

  async #write<T>(job: () => Promise<T>): Promise<T> {
    if (this.#state === 'stopped') throw new RuntimeError(RuntimeErrors.CONFLICT, 'The worker is stopping');
    await this.#ready.wait(READY_WAIT_MS);
    return this.#writes.run(job);
  }

  #running(): LocalWork {
    if (!this.#local) throw new RuntimeError(RuntimeErrors.CONFLICT, 'The worker is not running (starting or stopping); retry shortly');
    return this.#local;
  }
}
