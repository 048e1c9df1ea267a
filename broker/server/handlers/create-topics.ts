// CreateTopics (key 19): creates topics with partition counts and config overrides; a
// single broker supports replication factor 1 only.
import { ErrorCode, KafkaProtocolError } from '../../protocol/error-codes.ts';
import type { Message } from '../../protocol/schema/codec.ts';
import type { LogManager } from '../../log/log-manager.ts';
import { topicIdToBytes } from '../../log/topic-id.ts';
import type { Handler } from '../handler.ts';
import { ApiKey } from '../supported-apis.ts';
import { protocolErrorOf } from '../protocol-error-of.ts';
import { configSourceCode } from './config-codes.ts';

export interface CreateTopicsDeps {
  readonly logs: LogManager;
  readonly nodeId: number;
}

const NO_TOPIC_ID = Buffer.alloc(16);

export function createTopicsHandler(deps: CreateTopicsDeps): Handler {
  return {
    apiKey: ApiKey.CreateTopics,
    minVersion: 0,
    maxVersion: 7,
    async handle(request) {
      const seen = new Map<string, number>();
      for (const t of request.topics as Message[]) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
      const topics = [];
      for (const t of request.topics as Message[]) {
        if (seen.get(t.name)! > 1) {
          topics.push(failed(t.name, ErrorCode.INVALID_REQUEST.code, `topic '${t.name}' appears more than once in the request`));
          continue;
        }
        topics.push(await createOne(deps, t, request.validateOnly === true));
      }
      return { throttleTimeMs: 0, topics };
    },
  };
}

function failed(name: string, errorCode: number, errorMessage: string): Message {
  return { name, topicId: NO_TOPIC_ID, errorCode, errorMessage, numPartitions: -1, replicationFactor: -1, configs: null };
}

async function createOne(deps: CreateTopicsDeps, t: Message, validateOnly: boolean): Promise<Message> {
  try {
    const assignments = t.assignments as Message[];
    let numPartitions: number | undefined = t.numPartitions === -1 ? undefined : t.numPartitions;
    if (assignments.length > 0) {
      if (t.numPartitions !== -1 || t.replicationFactor !== -1) {
        throw new KafkaProtocolError(ErrorCode.INVALID_REQUEST, 'give either numPartitions/replicationFactor or explicit assignments, not both');
      }
      for (const a of assignments) {
        if (a.brokerIds.length !== 1 || a.brokerIds[0] !== deps.nodeId) {
          throw new KafkaProtocolError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `partition ${a.partitionIndex} is assigned to brokers [${a.brokerIds}], but the only broker is ${deps.nodeId}`);
        }
      }
      numPartitions = assignments.length;
    }
    if (numPartitions !== undefined && numPartitions < 1) throw new KafkaProtocolError(ErrorCode.INVALID_PARTITIONS, `numPartitions must be at least 1, got ${numPartitions}`);
    if (t.replicationFactor !== -1 && t.replicationFactor !== 1) {
      throw new KafkaProtocolError(ErrorCode.INVALID_REPLICATION_FACTOR, `replication factor ${t.replicationFactor} is impossible: this cluster has 1 broker`);
    }
    const configs: Record<string, string> = {};
    for (const c of t.configs as Message[]) {
      if (c.value === null) throw new KafkaProtocolError(ErrorCode.INVALID_CONFIG, `Null value not supported for topic config '${c.name}'.`);
      configs[c.name] = c.value;
    }
    const created = await deps.logs.createTopic(t.name, { numPartitions, configs, validateOnly });
    const effective = validateOnly ? [] : deps.logs.describeTopicConfigs(t.name);
    return {
      name: t.name,
      topicId: validateOnly ? NO_TOPIC_ID : topicIdToBytes(created.topicId),
      errorCode: 0,
      errorMessage: null,
      numPartitions: created.partitions,
      replicationFactor: 1,
      configs: effective.map((e) => ({ name: e.name, value: e.value, readOnly: e.readOnly, configSource: configSourceCode(e.source), isSensitive: false })),
    };
  } catch (err) {
    const { code, message } = protocolErrorOf(err);
    return failed(t.name, code, message);
  }
}
