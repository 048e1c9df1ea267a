// DescribeCluster (key 60): this single broker, which is also the controller.
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';
import { UNKNOWN_AUTHORIZED_OPERATIONS, type ClusterView } from '../cluster-view.ts';

export function describeClusterHandler(cluster: ClusterView): Handler {
  return {
    apiKey: ApiKey.DescribeCluster,
    minVersion: 0,
    maxVersion: 1,
    handle() {
      const { host, port } = cluster.advertised();
      return {
        throttleTimeMs: 0,
        errorCode: 0,
        errorMessage: null,
        endpointType: 1,
        clusterId: cluster.clusterId,
        controllerId: cluster.nodeId,
        brokers: [{ brokerId: cluster.nodeId, host, port, rack: null }],
        clusterAuthorizedOperations: UNKNOWN_AUTHORIZED_OPERATIONS,
      };
    },
  };
}
