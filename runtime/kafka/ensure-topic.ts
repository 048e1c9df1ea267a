/**
 * Creates a topic if it is missing. For Connect's internal topics an existing topic must also be
 * compacted and nothing else: with `delete` in its cleanup policy, retention would eventually drop
 * connector configs or source offsets, so Connect refuses to start, and so does Sluice.
 */
import type { Admin } from '@platformatic/kafka';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import { hasKafkaError, kafkaFailure } from './kafka-errors.ts';

/** ConfigResourceType TOPIC in DescribeConfigs. */
const TOPIC_RESOURCE = 2;

export interface TopicSpec {
  readonly name: string;
  /** -1 lets the broker choose (`num.partitions`). */
  readonly partitions: number;
  /** -1 lets the broker choose (`default.replication.factor`). */
  readonly replicationFactor: number;
  /** Topic configs to create the topic with, e.g. `{"cleanup.policy": "compact"}`. */
  readonly configs?: Readonly<Record<string, string>>;
  /**
   * Set for internal topics: the worker config key that named the topic and what it holds, used to
   * check an existing topic's cleanup.policy and to say which setting to change.
   */
  readonly compactOnly?: { readonly configKey: string; readonly purpose: string };
}

export interface EnsuredTopic {
  readonly created: boolean;
  readonly partitions: number;
}

export async function ensureTopic(admin: Admin, spec: TopicSpec): Promise<EnsuredTopic> {
  const existing = await partitionCount(admin, spec.name);
  if (existing === undefined) {
    try {
      const [created] = await admin.createTopics({
        topics: [spec.name],
        partitions: spec.partitions,
        replicas: spec.replicationFactor,
        configs: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value })),
      });
      return { created: true, partitions: created.partitions > 0 ? created.partitions : ((await partitionCount(admin, spec.name)) ?? spec.partitions) };
    } catch (error) {
      if (!hasKafkaError(error, 'TOPIC_ALREADY_EXISTS')) throw creationFailure(spec, error);
    }
  }
  if (spec.compactOnly) await verifyCompactOnly(admin, spec.name, spec.compactOnly);
  return { created: false, partitions: existing ?? (await partitionCount(admin, spec.name)) ?? spec.partitions };
}

/** The topic's cleanup.policy values, or undefined if the broker would not say. */
export async function cleanupPolicy(admin: Admin, topic: string): Promise<string[] | undefined> {
  try {
    const [described] = await admin.describeConfigs({ resources: [{ resourceType: TOPIC_RESOURCE, resourceName: topic, configurationKeys: ['cleanup.policy'] }] });
    const value = described?.configs.find((c) => c.name === 'cleanup.policy')?.value;
    if (value === null || value === undefined) return undefined;
    return value.split(',').map((p) => p.trim().toLowerCase()).filter((p) => p !== '');
  } catch (error) {
    // Like Connect: brokers that cannot describe configs (old, or no DescribeConfigs ACL) are trusted.
    if (hasKafkaError(error, 'TOPIC_AUTHORIZATION_FAILED') || hasKafkaError(error, 'CLUSTER_AUTHORIZATION_FAILED') || hasKafkaError(error, 'UNSUPPORTED_VERSION')) return undefined;
    throw kafkaFailure(`describing the configs of topic '${topic}'`, error);
  }
}

async function verifyCompactOnly(admin: Admin, topic: string, origin: { configKey: string; purpose: string }): Promise<void> {
  const policy = await cleanupPolicy(admin, topic);
  if (policy === undefined) return;
  if (policy.length === 1 && policy[0] === 'compact') return;
  throw new RuntimeError(
    RuntimeErrors.INVALID_CONFIG,
    `Topic '${topic}' (set by '${origin.configKey}') holds ${origin.purpose} and must have cleanup.policy=compact only, ` +
      `but it has cleanup.policy=${policy.join(',') || '(empty)'}; with deletion enabled the broker would eventually drop ${origin.purpose}. ` +
      `Point '${origin.configKey}' at a compacted topic, or change the topic's cleanup.policy to compact.`,
  );
}

async function partitionCount(admin: Admin, topic: string): Promise<number | undefined> {
  try {
    // The client reports a missing topic as a generic "Unknown topic" error, so ask by listing first.
    if (!(await admin.listTopics({ includeInternals: true })).includes(topic)) return undefined;
    const metadata = await admin.metadata({ topics: [topic], forceUpdate: true });
    const count = metadata.topics.get(topic)?.partitionsCount;
    return count && count > 0 ? count : undefined;
  } catch (error) {
    throw kafkaFailure(`reading metadata of topic '${topic}'`, error);
  }
}

function creationFailure(spec: TopicSpec, error: unknown): RuntimeError {
  if (hasKafkaError(error, 'INVALID_REPLICATION_FACTOR')) {
    const hint = spec.compactOnly ? ` Set '${spec.compactOnly.configKey.replace(/\.topic$/, '.replication.factor')}' to at most the number of brokers, or -1 for the broker's default.` : '';
    return new RuntimeError(RuntimeErrors.INVALID_CONFIG, `Cannot create topic '${spec.name}' with replication factor ${spec.replicationFactor}: the cluster has fewer brokers.${hint}`, { cause: error });
  }
  return kafkaFailure(`creating topic '${spec.name}'`, error);
}
