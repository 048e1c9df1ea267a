import { describe, expect, it } from 'vitest';
import {
  BigDecimal, ConnectHeaders, DataException, Header, Schema, SinkRecord, SourceRecord, TimestampType, TopicPartition,
} from '../../../connectors/sdk/index.ts';

describe('ConnectHeaders', () => {
  it('keeps order and multiple values per key', () => {
    const headers = new ConnectHeaders().addString('trace', 'a').addInt32('attempt', 1).addString('trace', 'b');
    expect(headers.size).toBe(3);
    expect(headers.lastWithName('trace')?.value).toBe('b');
    expect(headers.allWithName('trace').map((h) => h.value)).toEqual(['a', 'b']);
    expect([...headers].map((h) => h.key)).toEqual(['trace', 'attempt', 'trace']);
    expect(headers.lastWithName('missing')).toBeNull();
  });

  it('retains only the latest per key, removes, duplicates independently', () => {
    const headers = new ConnectHeaders().addString('a', '1').addString('b', '1').addString('a', '2');
    const copy = headers.duplicate();
    headers.retainLatest();
    expect([...headers].map((h) => `${h.key}=${h.value}`)).toEqual(['b=1', 'a=2']);
    expect(copy.size).toBe(3);
    copy.remove('a');
    expect([...copy].map((h) => h.key)).toEqual(['b']);
  });

  it('validates values that come with a schema', () => {
    expect(() => new ConnectHeaders().addInt8('n', 1000)).toThrow(/Header "n": Invalid value: int8 needs an integer number/);
    expect(() => new ConnectHeaders().add('raw', { any: 'thing' })).not.toThrow();
    const decimal = new ConnectHeaders().addDecimal('amount', BigDecimal.parse('9.99')).lastWithName('amount')!;
    expect(decimal.schema?.parameters).toEqual({ scale: '2' });
  });

  it('renames and replaces header values immutably', () => {
    const header = new Header('a', 1, Schema.INT32_SCHEMA);
    expect(header.rename('b').key).toBe('b');
    expect(header.with(Schema.STRING_SCHEMA, 'x').value).toBe('x');
    expect(header.key).toBe('a');
  });
});

describe('SourceRecord', () => {
  const record = new SourceRecord({
    sourcePartition: { table: 'public.users' },
    sourceOffset: { lsn: 123456789012345678n, snapshot: false },
    topic: 'users',
    keySchema: Schema.INT64_SCHEMA,
    key: 1n,
    valueSchema: Schema.STRING_SCHEMA,
    value: 'alice',
    headers: new ConnectHeaders().addString('op', 'c'),
  });

  it('holds the source position and defaults the rest', () => {
    expect(record.sourcePartition).toEqual({ table: 'public.users' });
    expect(record.sourceOffset?.lsn).toBe(123456789012345678n);
    expect(record.kafkaPartition).toBeNull();
    expect(record.timestamp).toBeNull();
    expect(Object.isFrozen(record.sourceOffset)).toBe(true);
  });

  it('copies with changes, duplicating headers', () => {
    const copy = record.newRecord({ topic: 'users-v2', value: 'bob' });
    expect([copy.topic, copy.value, copy.key, copy.sourceOffset]).toEqual(['users-v2', 'bob', 1n, record.sourceOffset]);
    copy.headers.addString('extra', 'x');
    expect(record.headers.size).toBe(1);
    expect(record.newRecord({ kafkaPartition: 3 }).kafkaPartition).toBe(3);
  });

  it('refuses records without a topic or with a bad partition', () => {
    expect(() => new SourceRecord({ topic: '' })).toThrow(DataException);
    expect(() => new SourceRecord({ topic: 't', kafkaPartition: -1 })).toThrow(/kafkaPartition must be a non-negative integer/);
    expect(() => new SourceRecord({ topic: 't', timestamp: 1.5 })).toThrow(/timestamp must be/);
  });
});

describe('SinkRecord', () => {
  it('remembers where it was consumed from through transforms', () => {
    const record = new SinkRecord({ topic: 'orders', kafkaPartition: 2, kafkaOffset: 41, value: 'x', timestamp: 1000 });
    expect(record.timestampType).toBe(TimestampType.CREATE_TIME);
    const routed = record.newRecord({ topic: 'orders-archive', kafkaPartition: 0 });
    expect([routed.topic, routed.kafkaPartition, routed.kafkaOffset]).toEqual(['orders-archive', 0, 41]);
    expect([routed.originalTopic, routed.originalKafkaPartition, routed.originalKafkaOffset]).toEqual(['orders', 2, 41]);
  });

  it('needs a partition and offset', () => {
    expect(() => new SinkRecord({ topic: 't', kafkaPartition: null as never, kafkaOffset: 0 })).toThrow(/needs the kafkaPartition/);
    expect(() => new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: -1 })).toThrow(/kafkaOffset must be/);
    expect(new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 0 }).timestampType).toBe('NoTimestampType');
  });
});

describe('TopicPartition', () => {
  it('is interned, so plain Maps can key on it', () => {
    const offsets = new Map([[TopicPartition.of('t', 0), 5]]);
    expect(TopicPartition.of('t', 0)).toBe(TopicPartition.of('t', 0));
    expect(offsets.get(TopicPartition.of('t', 0))).toBe(5);
    expect(TopicPartition.of('t', 1)).not.toBe(TopicPartition.of('t', 0));
    expect(String(TopicPartition.of('t', 1))).toBe('t-1');
    expect(() => TopicPartition.of('t', -1)).toThrow(DataException);
  });
});
