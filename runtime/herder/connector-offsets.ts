/**
 * GET, PATCH and DELETE /connectors/{c}/offsets. A source connector's offsets are in the offset store
 * (offsets topic or file) under its name; a sink connector's are its consumer group's committed
 * offsets (group connect-<c>, or consumer.override.group.id), read and changed with the admin client,
 * shown as Connect shows them: {"kafka_topic", "kafka_partition"} -> {"kafka_offset"}.
 *
 * Changes go through the connector's alterOffsets() first (a fresh, never started instance, as in
 * Connect), which may refuse them (400). The herder checks beforehand that the connector is STOPPED.
 */
import type { Admin } from '@platformatic/kafka';
import { SinkConnector, SourceConnector, TopicPartition, type Props, type SourceOffset, type SourcePartition } from '../../connectors/sdk/index.ts';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import { hasKafkaError, kafkaFailure } from '../kafka/index.ts';
import type { PluginRegistry } from '../plugins/index.ts';
import type { OffsetBackingStore } from '../storage/index.ts';
import type { ConnectorConfig, ConnectorOffsets } from './connect-types.ts';

export interface ConnectorOffsetsOptions {
  readonly offsets: OffsetBackingStore;
  readonly plugins: PluginRegistry;
  readonly admin: () => Admin;
}

type Entry = ConnectorOffsets['offsets'][number];

export class ConnectorOffsetsAdmin {
  readonly #options: ConnectorOffsetsOptions;

  constructor(options: ConnectorOffsetsOptions) {
    this.#options = options;
  }

  async read(name: string, config: ConnectorConfig): Promise<ConnectorOffsets> {
    if (!this.#isSink(config)) return this.#options.offsets.connectorOffsets(name);
    const groupId = sinkGroup(name, config);
    let groups;
    try {
      groups = await this.#options.admin().listConsumerGroupOffsets({ groups: [groupId] });
    } catch (error) {
      if (hasKafkaError(error, 'GROUP_ID_NOT_FOUND')) return { offsets: [] };
      throw kafkaFailure(`reading the offsets of consumer group ${groupId}`, error);
    }
    const offsets: Entry[] = [];
    for (const topic of groups[0]?.topics ?? []) {
      for (const p of topic.partitions) {
        if (p.committedOffset < 0n) continue;
        offsets.push({ partition: { kafka_topic: topic.name, kafka_partition: p.partitionIndex }, offset: { kafka_offset: Number(p.committedOffset) } });
      }
    }
    return { offsets };
  }

  async alter(name: string, config: ConnectorConfig, offsets: ConnectorOffsets): Promise<void> {
    if (offsets.offsets.length === 0) throw new RuntimeError(RuntimeErrors.BAD_REQUEST, 'The offsets to alter must not be empty');
    if (this.#isSink(config)) await this.#alterSink(name, config, offsets.offsets.map(sinkEntry));
    else await this.#alterSource(name, config, offsets.offsets.map((o) => [o.partition as SourcePartition, o.offset as SourceOffset | null] as const));
  }

  async reset(name: string, config: ConnectorConfig): Promise<void> {
    if (this.#isSink(config)) {
      const current = await this.read(name, config);
      if (current.offsets.length > 0) await this.#alterSink(name, config, current.offsets.map((o) => ({ ...sinkEntry(o), offset: null })));
      return;
    }
    const partitions = await this.#options.offsets.connectorPartitions(name);
    if (partitions.length > 0) await this.#alterSource(name, config, partitions.map((p) => [p, null] as const));
  }

  async #alterSource(name: string, config: ConnectorConfig, entries: readonly (readonly [SourcePartition, SourceOffset | null])[]): Promise<void> {
    const connector = this.#connector(config);
    if (!(connector instanceof SourceConnector)) throw new RuntimeError(RuntimeErrors.BAD_REQUEST, `Connector ${name} is not a source connector`);
    await refusable(name, () => connector.alterOffsets(config as Props, new Map(entries)));
    await this.#options.offsets.set(name, entries);
  }

  async #alterSink(name: string, config: ConnectorConfig, entries: readonly SinkEntry[]): Promise<void> {
    const connector = this.#connector(config);
    if (!(connector instanceof SinkConnector)) throw new RuntimeError(RuntimeErrors.BAD_REQUEST, `Connector ${name} is not a sink connector`);
    await refusable(name, () => connector.alterOffsets(config as Props, new Map(entries.map((e) => [TopicPartition.of(e.topic, e.partition), e.offset]))));
    const groupId = sinkGroup(name, config);
    const admin = this.#options.admin();
    const altered = byTopic(entries.filter((e) => e.offset !== null));
    const removed = byTopic(entries.filter((e) => e.offset === null));
    try {
      if (altered.size > 0) {
        await admin.alterConsumerGroupOffsets({
          groupId,
          topics: [...altered].map(([topic, list]) => ({ name: topic, partitionOffsets: list.map((e) => ({ partition: e.partition, offset: BigInt(e.offset!) })) })),
        });
      }
      if (removed.size > 0) {
        await admin.deleteConsumerGroupOffsets({ groupId, topics: [...removed].map(([topic, list]) => ({ name: topic, partitionIndexes: list.map((e) => e.partition) })) });
      }
    } catch (error) {
      if (hasKafkaError(error, 'GROUP_ID_NOT_FOUND') && altered.size === 0) return;
      if (hasKafkaError(error, 'UNKNOWN_MEMBER_ID') || hasKafkaError(error, 'GROUP_SUBSCRIBED_TO_TOPIC') || hasKafkaError(error, 'NON_EMPTY_GROUP')) {
        throw new RuntimeError(RuntimeErrors.BAD_REQUEST, `The consumer group ${groupId} of connector ${name} still has active members; wait until its tasks have stopped, then retry`, { cause: error });
      }
      throw kafkaFailure(`altering the offsets of consumer group ${groupId}`, error);
    }
  }

  #isSink(config: ConnectorConfig): boolean {
    try {
      return this.#options.plugins.connector(config['connector.class']).type === 'sink';
    } catch {
      return false;
    }
  }

  #connector(config: ConnectorConfig) {
    try {
      return new (this.#options.plugins.connectorClass(config['connector.class']))();
    } catch (error) {
      throw new RuntimeError(RuntimeErrors.BAD_REQUEST, `Cannot alter offsets: ${(error as Error).message}`, { cause: error });
    }
  }
}

interface SinkEntry {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number | null;
}

function sinkEntry(entry: Entry): SinkEntry {
  const { kafka_topic: topic, kafka_partition: partition } = entry.partition;
  if (typeof topic !== 'string' || topic === '' || typeof partition !== 'number' || !Number.isInteger(partition) || partition < 0) {
    throw new RuntimeError(RuntimeErrors.BAD_REQUEST, `A sink connector's partition is {"kafka_topic": <topic>, "kafka_partition": <partition number>}, not ${JSON.stringify(entry.partition)}`);
  }
  if (entry.offset === null) return { topic, partition, offset: null };
  const offset = entry.offset.kafka_offset;
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
    throw new RuntimeError(RuntimeErrors.BAD_REQUEST, `A sink connector's offset is {"kafka_offset": <offset>} or null, not ${JSON.stringify(entry.offset)}`);
  }
  return { topic, partition, offset };
}

function byTopic(entries: readonly SinkEntry[]): Map<string, SinkEntry[]> {
  const out = new Map<string, SinkEntry[]>();
  for (const e of entries) out.set(e.topic, [...(out.get(e.topic) ?? []), e]);
  return out;
}

function sinkGroup(name: string, config: ConnectorConfig): string {
  return config['consumer.override.group.id'] ?? `connect-${name}`;
}

async function refusable(name: string, alter: () => unknown): Promise<void> {
  try {
    await alter();
  } catch (error) {
    if (error instanceof RuntimeError) throw error;
    throw new RuntimeError(RuntimeErrors.BAD_REQUEST, `Connector ${name} refused the offsets: ${(error as Error).message}`, { cause: error });
  }
}
