/**
 * A source partition (where the data comes from: a table, a file, a slot) and a source offset (how far
 * the task has read it). Both are small flat JSON objects: the runtime stores them in the offsets topic
 * as JSON, keyed by [connector name, partition].
 */
export type OffsetValue = string | number | bigint | boolean | null;

export type SourcePartition = Readonly<Record<string, OffsetValue>>;

export type SourceOffset = Readonly<Record<string, OffsetValue>>;
