/**
 * Where connector configs, task configs, target states and restart requests live (Connect's
 * ConfigBackingStore). Distributed workers use the Kafka variant (one compacted config topic, written
 * only by the leader, read by everyone); the standalone worker uses the memory variant.
 */
import type { ConnectorConfig, RestartRequest, TargetState } from '../herder/connect-types.ts';
import type { ClusterConfigState } from './cluster-config-state.ts';
import type { ConfigUpdate } from './config-topic-state.ts';

export type { ConfigUpdate } from './config-topic-state.ts';
export type ConfigUpdateListener = (update: ConfigUpdate) => void;

export interface ConfigBackingStore {
  /** Reads everything stored so far. Listeners hear only about what is read after start() resolves. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The state as read so far; immutable, so the caller may hold on to it. */
  snapshot(): ClusterConfigState;
  contains(connector: string): boolean;
  /**
   * Writes a connector's config, preceded by its target state when one is given (creation with
   * initial_state), and resolves once this store has read it back.
   */
  putConnectorConfig(connector: string, config: ConnectorConfig, targetState?: TargetState): Promise<void>;
  /** Deletes the connector's config and target state (tombstones) and resolves once read back. */
  removeConnectorConfig(connector: string): Promise<void>;
  /** Writes task configs 0..N-1 then the commit that applies them, and resolves once read back. */
  putTaskConfigs(connector: string, configs: readonly ConnectorConfig[]): Promise<void>;
  /** Resolves when the write is acknowledged (not necessarily read back yet), as in Connect. */
  putTargetState(connector: string, state: TargetState): Promise<void>;
  /** Resolves once read back; every worker's listener hears `restart-requested`. */
  putRestartRequest(connector: string, request: RestartRequest): Promise<void>;
  /** Reads up to the current end of the store (e.g. before a worker takes work); TIMEOUT if it cannot. */
  refresh(timeoutMs: number): Promise<void>;
  /** Subscribes to updates; returns the unsubscribe function. */
  onUpdate(listener: ConfigUpdateListener): () => void;
}
