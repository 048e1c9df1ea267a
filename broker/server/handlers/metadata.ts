// Metadata (key 3): brokers, cluster id, controller and topic partitions; auto-creates
// requested topics when auto.create.topics.enable is on and the client allows it.
import { ErrorCode } from '../../protocol/error-codes.ts';
import type { Message } from '../../protocol/schema/codec.ts';
import type { LogManager, TopicDescription } from '../../log/log-manager.ts';
import { topicIdFromBytes, topicIdToBytes } from '../../log/topic-id.ts';
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';
import { isInternalTopic, UNKNOWN_AUTHORIZED_OPERATIONS, type ClusterView } from '../cluster-view.ts';
import { protocolErrorOf } from '../protocol-error-of.ts';

export interface MetadataDeps {
  readonly logs: LogManager;
  readonly cluster: ClusterView;
  readonly autoCreateTopics: boolean;
}

const NO_TOPIC_ID = Buffer.alloc(16);

export function metadataHandler(deps: MetadataDeps): Handler {
  return {
    apiKey: ApiKey.Metadata,
    minVersion: 0,
    maxVersion: 12,
    async handle(request, ctx) {
      const { cluster, logs } = deps;
      const requested = request.topics as Message[] | null;
      // v0 has no null array: an empty list asks for every topic there.
      const all = requested === null || (ctx.apiVersion === 0 && requested.length === 0);
      const topics = all
        ? logs.listTopics().map((t) => describeTopic(t, cluster.nodeId))
        : await Promise.all(requested.map((t) => lookUp(deps, t, request.allowAutoTopicCreation !== false)));
      const { host, port } = cluster.advertised();
      return {
        throttleTimeMs: 0,
        brokers: [{ nodeId: cluster.nodeId, host, port, rack: null }],
        clusterId: cluster.clusterId,
        controllerId: cluster.nodeId,
        topics,
        clusterAuthorizedOperations: UNKNOWN_AUTHORIZED_OPERATIONS,
      };
    },
  };
}

async function lookUp(deps: MetadataDeps, wanted: Message, allowAutoCreate: boolean): Promise<Message> {
  const { logs, cluster } = deps;
  if (wanted.name === null) {
    const byId = logs.getTopicById(topicIdFromBytes(wanted.topicId));
    return byId ? describeTopic(byId, cluster.nodeId) : topicError(null, ErrorCode.UNKNOWN_TOPIC_ID.code, wanted.topicId);
  }
  const existing = logs.getTopic(wanted.name);
  if (existing) return describeTopic(existing, cluster.nodeId);
  if (!deps.autoCreateTopics || !allowAutoCreate) return topicError(wanted.name, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code);
  try {
    return describeTopic(await logs.createTopic(wanted.name), cluster.nodeId);
  } catch (err) {
    const { code } = protocolErrorOf(err);
    // A concurrent request may have created it first.
    const raced = code === ErrorCode.TOPIC_ALREADY_EXISTS.code ? logs.getTopic(wanted.name) : undefined;
    return raced ? describeTopic(raced, cluster.nodeId) : topicError(wanted.name, code);
  }
}

function topicError(name: string | null, errorCode: number, topicId: Buffer = NO_TOPIC_ID): Message {
  return { errorCode, name, topicId, isInternal: false, partitions: [], topicAuthorizedOperations: UNKNOWN_AUTHORIZED_OPERATIONS };
}

export function describeTopic(topic: TopicDescription, nodeId: number): Message {
  return {
    errorCode: 0,
    name: topic.name,
    topicId: topicIdToBytes(topic.topicId),
    isInternal: isInternalTopic(topic.name),
    partitions: Array.from({ length: topic.partitions }, (_, partitionIndex) => ({
      errorCode: 0,
      partitionIndex,
      leaderId: nodeId,
      leaderEpoch: 0,
      replicaNodes: [nodeId],
      isrNodes: [nodeId],
      offlineReplicas: [],
    })),
    topicAuthorizedOperations: UNKNOWN_AUTHORIZED_OPERATIONS,
  };
}
