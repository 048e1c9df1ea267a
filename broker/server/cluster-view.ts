// What handlers need to know about the cluster: this node, where clients reach it, the cluster id.
export interface ClusterView {
  readonly clusterId: string;
  readonly nodeId: number;
  /** Host and port clients are told to connect to; known only once the listener is bound. */
  advertised(): { host: string; port: number };
}

/** Kafka marks only its own bookkeeping topics internal. */
export function isInternalTopic(name: string): boolean {
  return name === '__consumer_offsets' || name === '__transaction_state';
}

export const UNKNOWN_AUTHORIZED_OPERATIONS = -2147483648;
