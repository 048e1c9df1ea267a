/** The plugin registry: built-in and plugin.path connectors and converters, by class name and alias. */
export { PluginRegistry } from './plugin-registry.ts';
export type { PluginRegistryOptions } from './plugin-registry.ts';
export type { ConnectorPlugin, ConverterPlugin, PluginRegistration } from './plugin-descriptors.ts';
export type { ConnectorClass, ConnectorType } from './plugin-classes.ts';
export type { PluginProblem } from './plugin-problem.ts';
export { installSdkResolution, SDK_SPECIFIER, SDK_URL } from './sdk-resolution.ts';
