/**
 * The shapes Kafka Connect's REST API answers with, shared by the herders (which build
 * them) and the REST layer (which serves them unchanged). Field names are Connect's.
 */
export type ConnectorConfig = Record<string, string>;

export type ConnectorType = 'source' | 'sink' | 'unknown';

export type State = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'STOPPED' | 'FAILED' | 'RESTARTING';

/** A connector's desired state as stored in the config topic. */
export type TargetState = 'STARTED' | 'PAUSED' | 'STOPPED';

export interface ConnectorTaskId {
  connector: string;
  task: number;
}

export interface ConnectorInfo {
  name: string;
  config: ConnectorConfig;
  tasks: ConnectorTaskId[];
  type: ConnectorType;
}

export interface ConnectorStateInfo {
  name: string;
  connector: { state: State; worker_id: string; trace?: string };
  tasks: { id: number; state: State; worker_id: string; trace?: string }[];
  type: ConnectorType;
}

export interface TaskInfo {
  id: ConnectorTaskId;
  config: ConnectorConfig;
}

export interface RestartRequest {
  includeTasks: boolean;
  onlyFailed: boolean;
}

/** GET /connectors/{c}/offsets: one entry per source partition or topic-partition. */
export interface ConnectorOffsets {
  offsets: { partition: Record<string, unknown>; offset: Record<string, unknown> | null }[];
}

export interface PluginInfo {
  class: string;
  type: ConnectorType | 'converter' | 'transformation' | 'predicate' | 'header_converter';
  version: string;
}

/** One entry of GET /connector-plugins/{p}/config. */
export interface ConfigKeyInfo {
  name: string;
  type: string;
  required: boolean;
  default_value: string | null;
  importance: string;
  documentation: string;
  group: string | null;
  order_in_group: number;
  width: string;
  display_name: string;
  dependents: string[];
}

/** PUT /connector-plugins/{p}/config/validate. */
export interface ConfigInfos {
  name: string;
  error_count: number;
  groups: string[];
  configs: { definition: ConfigKeyInfo; value: { name: string; value: string | null; recommended_values: string[]; errors: string[]; visible: boolean } }[];
}

export interface ServerInfo {
  version: string;
  commit: string;
  kafka_cluster_id: string;
}
