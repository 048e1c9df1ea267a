/** Builds the records of one task: record `seq` always gets the same key and value for a given seed. */
import { Schema, SchemaBuilder, SourceRecord, Struct, type SourcePartition } from '../sdk/index.ts';
import { fieldGenerator, type FieldGenerator } from './field-generator.ts';
import { RecordRandom } from './record-random.ts';
import type { RecordShape } from './record-shape.ts';

export interface RecordMakerOptions {
  readonly shape: RecordShape;
  readonly topic: string;
  readonly keySpace: number;
  readonly seed: number;
  readonly task: number;
}

export class RecordMaker {
  readonly valueSchema: Schema;
  readonly sourcePartition: SourcePartition;
  readonly #options: RecordMakerOptions;
  readonly #generators: readonly FieldGenerator[];
  readonly #random = new RecordRandom();

  constructor(options: RecordMakerOptions) {
    this.#options = options;
    this.sourcePartition = Object.freeze({ task: options.task });
    const keyed = options.keySpace > 0;
    const builder = SchemaBuilder.struct();
    if (options.shape.name !== null) builder.name(options.shape.name);
    const generators: FieldGenerator[] = [];
    for (const [name, spec] of options.shape.fields) {
      const generator = fieldGenerator(spec, keyed);
      builder.field(name, generator.schema);
      generators.push(generator);
    }
    this.valueSchema = builder.build();
    this.#generators = generators;
  }

  record(seq: number, timestamp: number): SourceRecord {
    const { seed, task, keySpace, topic, shape } = this.#options;
    const random = this.#random;
    random.reset(seed, task, seq);
    const key = keySpace > 0 ? `${shape.keyPrefix}${random.int(1, keySpace)}` : null;
    const context = { key, seq };
    const value = new Struct(this.valueSchema);
    const fields = this.valueSchema.fields;
    for (let i = 0; i < fields.length; i++) value.put(fields[i], this.#generators[i].next(random, context));
    return new SourceRecord({
      sourcePartition: this.sourcePartition,
      sourceOffset: { seq },
      topic,
      keySchema: key === null ? null : Schema.STRING_SCHEMA,
      key,
      valueSchema: this.valueSchema,
      value,
      timestamp,
    });
  }
}
