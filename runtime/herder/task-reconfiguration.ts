/**
 * Generating a local connector's task configs and handing them on when they changed (Connect's
 * reconfigureConnector): after the connector starts or resumes, and when it asks for it. Where they go
 * is the herder's business (`write`): the config store in standalone mode, the leader in distributed
 * mode. Requests for one connector are coalesced (one run at a time, one more if asked meanwhile);
 * a failed run is retried with a doubling backoff while the connector still runs here.
 */
import type { Logger } from 'pino';
import type { PluginRegistry } from '../plugins/index.ts';
import type { ClusterConfigState, OffsetBackingStore } from '../storage/index.ts';
import type { Worker } from '../worker/index.ts';
import type { ConnectorConfig } from './connect-types.ts';
import { maxTasks, pausedConnectorTaskConfigs, taskConfigsChanged } from './task-configs.ts';

export interface TaskReconfigurationOptions {
  readonly worker: Worker;
  readonly plugins: PluginRegistry;
  readonly offsets: OffsetBackingStore;
  /** The latest config snapshot. */
  readonly snapshot: () => Promise<ClusterConfigState>;
  readonly runsConnector: (name: string) => boolean;
  /** Stores new task configs (resolves once they are committed, or handed to whoever commits them). */
  readonly write: (name: string, configs: ConnectorConfig[]) => Promise<void>;
  readonly logger: Logger;
  /** First retry delay; default 250 ms, doubling up to 10 s. */
  readonly retryBackoffMs?: number;
  /** Attempts per request; default 8. */
  readonly attempts?: number;
}

interface Entry {
  running: Promise<void>;
  again: boolean;
}

export class TaskReconfiguration {
  readonly #options: TaskReconfigurationOptions;
  readonly #entries = new Map<string, Entry>();
  #closed = false;

  constructor(options: TaskReconfigurationOptions) {
    this.#options = options;
  }

  /** Resolves when a run that began after this call has finished (whatever its outcome). */
  request(name: string): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const entry = this.#entries.get(name);
    if (entry) {
      entry.again = true;
      return entry.running;
    }
    const fresh: Entry = { running: Promise.resolve(), again: false };
    fresh.running = this.#loop(name, fresh);
    this.#entries.set(name, fresh);
    return fresh.running;
  }

  /** Resolves when nothing is in flight. */
  async idle(): Promise<void> {
    while (this.#entries.size > 0) await Promise.all([...this.#entries.values()].map((e) => e.running));
  }

  close(): void {
    this.#closed = true;
  }

  async #loop(name: string, entry: Entry): Promise<void> {
    try {
      do {
        entry.again = false;
        await this.#runWithRetries(name);
      } while (entry.again && !this.#closed);
    } finally {
      this.#entries.delete(name);
    }
  }

  async #runWithRetries(name: string): Promise<void> {
    const { logger } = this.#options;
    const attempts = this.#options.attempts ?? 8;
    let delay = this.#options.retryBackoffMs ?? 250;
    for (let attempt = 1; !this.#closed && this.#options.runsConnector(name); attempt++) {
      try {
        await this.#run(name);
        return;
      } catch (error) {
        if (attempt >= attempts) {
          logger.error({ err: error, connector: name }, `Could not reconfigure the tasks of connector ${name}; giving up until it restarts or asks again`);
          return;
        }
        logger.warn({ err: error, connector: name, attempt }, `Could not reconfigure the tasks of connector ${name}; retrying in ${delay} ms`);
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 10_000);
      }
    }
  }

  async #run(name: string): Promise<void> {
    const { worker, plugins, offsets, logger } = this.#options;
    const snapshot = await this.#options.snapshot();
    const config = snapshot.connectorConfig(name);
    if (!config || !this.#options.runsConnector(name)) return;
    const target = snapshot.targetState(name) ?? 'STARTED';
    let configs: ConnectorConfig[];
    if (target === 'STARTED') {
      try {
        configs = await worker.connectorTaskConfigs(name, maxTasks(config));
      } catch (error) {
        // Failed, or stopped meanwhile: nothing to generate until it starts again.
        if (!worker.isConnectorRunning(name) || /is not running/.test((error as Error).message)) return;
        throw error;
      }
    } else if (target === 'PAUSED' && snapshot.taskCount(name) === 0) configs = await pausedConnectorTaskConfigs(plugins, offsets, name, config);
    else return;
    if (!taskConfigsChanged(snapshot, name, configs)) return;
    logger.info({ connector: name, tasks: configs.length }, `Task configs of connector ${name} changed; storing them`);
    await this.#options.write(name, configs);
  }
}
