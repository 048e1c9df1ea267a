import { describe, expect, it } from 'vitest';
import { applyConfigAlterations } from '../../../broker/log/config-alterations.ts';
import { BrokerTopicDefaults, EffectiveTopicConfig } from '../../../broker/log/effective-topic-config.ts';
import { logConfigWith } from '../../../broker/log/log-config.ts';
import { TOPIC_CONFIGS, topicConfigDefinition } from '../../../broker/log/topic-configs.ts';
import { KafkaProtocolError } from '../../../broker/protocol/error-codes.ts';

function errorOf(fn: () => unknown): KafkaProtocolError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KafkaProtocolError);
    return err as KafkaProtocolError;
  }
  throw new Error('expected a KafkaProtocolError');
}

const resolve = (overrides: Record<string, string | number>, broker = BrokerTopicDefaults.none) =>
  EffectiveTopicConfig.resolve(broker, overrides);

describe('topic config catalogue', () => {
  it("lists Kafka's topic configs with their defaults", () => {
    const defaults = Object.fromEntries(TOPIC_CONFIGS.map((definition) => [definition.name, definition.defaultValue]));
    expect(defaults).toMatchObject({
      'cleanup.policy': 'delete',
      'compression.type': 'producer',
      'delete.retention.ms': '86400000',
      'file.delete.delay.ms': '60000',
      'flush.messages': '9223372036854775807',
      'flush.ms': '1000',
      'index.interval.bytes': '4096',
      'max.message.bytes': '1048588',
      'message.timestamp.type': 'CreateTime',
      'message.timestamp.difference.max.ms': '9223372036854775807',
      'min.cleanable.dirty.ratio': '0.5',
      'min.compaction.lag.ms': '0',
      'max.compaction.lag.ms': '9223372036854775807',
      'min.insync.replicas': '1',
      'retention.bytes': '-1',
      'retention.ms': '604800000',
      'segment.bytes': '1073741824',
      'segment.index.bytes': '10485760',
      'segment.ms': '604800000',
      'segment.jitter.ms': '0',
    });
    expect(topicConfigDefinition('cleanup.policy')).toMatchObject({ type: 'list', readOnly: false });
    expect(topicConfigDefinition('min.cleanable.dirty.ratio')?.type).toBe('double');
  });

  it('gives a log its typed config', () => {
    expect(logConfigWith({})).toMatchObject({
      segmentBytes: 1073741824,
      retentionMs: 604800000,
      retentionBytes: -1,
      deleteRetention: true,
      compact: false,
      maxMessageBytes: 1048588,
      timestampType: 'CreateTime',
      flushMs: 1000,
    });
    expect(logConfigWith({ 'cleanup.policy': 'compact' })).toMatchObject({ deleteRetention: false, compact: true });
  });
});

describe('topic config validation', () => {
  it.each([
    ['retention.ms', 'abc'],
    ['retention.ms', '-2'],
    ['segment.bytes', '5'],
    ['segment.bytes', '99999999999'],
    ['max.message.bytes', '1.5'],
    ['message.timestamp.type', 'WallClock'],
    ['compression.type', 'brotli'],
    ['cleanup.policy', 'delete,shred'],
    ['cleanup.policy', ''],
    ['min.cleanable.dirty.ratio', '1.5'],
    ['preallocate', 'maybe'],
    ['min.insync.replicas', '0'],
  ])('rejects %s=%s with INVALID_CONFIG naming the key and value', (name, value) => {
    const error = errorOf(() => resolve({ [name]: value }));
    expect(error.error.name).toBe('INVALID_CONFIG');
    expect(error.message).toContain(name);
    expect(error.message).toContain(value);
  });

  it('rejects unknown config names', () => {
    const error = errorOf(() => resolve({ 'retention.hours': '5' }));
    expect(error.error.name).toBe('INVALID_CONFIG');
    expect(error.message).toContain('retention.hours');
  });

  it('rejects min.compaction.lag.ms above max.compaction.lag.ms', () => {
    expect(errorOf(() => resolve({ 'min.compaction.lag.ms': 10, 'max.compaction.lag.ms': 5 })).error.name).toBe('INVALID_CONFIG');
  });

  it('accepts valid values, trimmed, in any accepted spelling', () => {
    const config = resolve({ 'retention.ms': ' 1000 ', 'cleanup.policy': 'compact, delete', preallocate: 'TRUE' });
    expect(config.value('retention.ms')).toBe(1000);
    expect(config.value('cleanup.policy')).toEqual(['compact', 'delete']);
    expect(config.value('preallocate')).toBe(true);
    expect(config.overrides).toEqual({ 'retention.ms': '1000', 'cleanup.policy': 'compact, delete', preallocate: 'TRUE' });
  });
});

describe('effective topic config', () => {
  it('layers default < broker-wide default < topic override and reports the source', () => {
    const broker = BrokerTopicDefaults.from({ 'log.retention.ms': 5000, 'segment.bytes': '2048' });
    const config = resolve({ 'segment.bytes': 4096 }, broker);
    expect(config.entry('max.message.bytes')).toMatchObject({ value: '1048588', source: 'DEFAULT_CONFIG' });
    expect(config.entry('retention.ms')).toMatchObject({ value: '5000', source: 'STATIC_BROKER_CONFIG' });
    expect(config.entry('segment.bytes')).toMatchObject({ value: '4096', parsed: 4096, source: 'DYNAMIC_TOPIC_CONFIG' });
    expect(config.entry('segment.bytes').synonyms).toEqual([
      { name: 'segment.bytes', value: '4096', source: 'DYNAMIC_TOPIC_CONFIG' },
      { name: 'log.segment.bytes', value: '2048', source: 'STATIC_BROKER_CONFIG' },
      { name: 'log.segment.bytes', value: '1073741824', source: 'DEFAULT_CONFIG' },
    ]);
  });

  it('validates broker-wide defaults', () => {
    expect(errorOf(() => BrokerTopicDefaults.from({ 'log.retention.ms': 'soon' })).error.name).toBe('INVALID_CONFIG');
    expect(errorOf(() => BrokerTopicDefaults.from({ 'log.colour': 'red' })).error.name).toBe('INVALID_CONFIG');
  });
});

describe('incremental config alterations', () => {
  const current = resolve({ 'retention.ms': 1000, 'segment.ms': 2000 });

  it('applies SET, DELETE, APPEND and SUBTRACT', () => {
    expect(applyConfigAlterations(current, [
      { name: 'retention.ms', op: 'SET', value: '3000' },
      { name: 'segment.ms', op: 'DELETE', value: null },
      { name: 'cleanup.policy', op: 'APPEND', value: 'compact' },
    ])).toEqual({ 'retention.ms': '3000', 'cleanup.policy': 'delete,compact' });
    const both = resolve({ 'cleanup.policy': 'delete,compact' });
    expect(applyConfigAlterations(both, [{ name: 'cleanup.policy', op: 'SUBTRACT', value: 'delete' }]))
      .toEqual({ 'cleanup.policy': 'compact' });
  });

  it('rejects list operations on scalar configs, unknown names and duplicates', () => {
    expect(errorOf(() => applyConfigAlterations(current, [{ name: 'retention.ms', op: 'APPEND', value: '1' }])).error.name)
      .toBe('INVALID_CONFIG');
    expect(errorOf(() => applyConfigAlterations(current, [{ name: 'nope', op: 'SET', value: '1' }])).error.name)
      .toBe('INVALID_CONFIG');
    expect(errorOf(() => applyConfigAlterations(current, [
      { name: 'retention.ms', op: 'SET', value: '1' },
      { name: 'retention.ms', op: 'DELETE', value: null },
    ])).error.name).toBe('INVALID_REQUEST');
  });
});
