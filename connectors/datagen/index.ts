/** Datagen: a source connector generating made-up records for demos, tests and benchmarks. */
export { DatagenConnector } from './connector.ts';
export { DatagenTask } from './task.ts';
export type { DatagenConfig, QuickstartName } from './config.ts';
export { FIELD_TYPES } from './field-spec.ts';
export type { FieldSpec, FieldType } from './field-spec.ts';
