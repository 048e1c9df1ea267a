/** The runtime's converters: built-ins, the registry of names, and per-connector/worker selection. */
export { JsonConverter } from './json/json-converter.ts';
export type { JsonConverterConfig } from './json/json-converter-config.ts';
export { StringConverter } from './string-converter.ts';
export { ByteArrayConverter } from './byte-array-converter.ts';
export { ConverterRegistry, builtinConverters } from './converter-registry.ts';
export type { ConverterFactory } from './converter-registry.ts';
export { selectConverter, createConverter } from './converter-selection.ts';
export type { ConverterRole, ConverterSelection } from './converter-selection.ts';
