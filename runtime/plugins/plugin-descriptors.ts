/** What the registry knows of each plugin: its class, checked, with its type, version and names. */
import type { ConverterClass, PluginKind } from '../../connectors/sdk/index.ts';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import { derivedAliases } from './plugin-aliases.ts';
import { connectorType, isConverterClass, notAConnectorReason, type ConnectorClass, type ConnectorType } from './plugin-classes.ts';

export interface PluginRegistration {
  readonly kind: PluginKind;
  readonly className: string;
  /** The class: checked to be a connector (source or sink) or converter class. */
  readonly plugin: unknown;
  /** Further names declared for the same class. */
  readonly aliases?: readonly string[];
  /** The package's version: a converter's version (connectors report their own through version()). */
  readonly version?: string;
  /** Where the plugin came from, for messages. */
  readonly location?: string;
}

interface PluginBase {
  readonly className: string;
  readonly version: string;
  readonly location: string;
  /** Every other name it answers to (declared, then derived). */
  readonly aliases: readonly string[];
}

export interface ConnectorPlugin extends PluginBase {
  readonly kind: 'connector';
  readonly type: ConnectorType;
  readonly connectorClass: ConnectorClass;
}

export interface ConverterPlugin extends PluginBase {
  readonly kind: 'converter';
  readonly converterClass: ConverterClass;
}

export type Plugin = ConnectorPlugin | ConverterPlugin;

/** Checks the class is what the entry says it is; throws PLUGIN_LOAD_FAILED otherwise. */
export function describePlugin(entry: PluginRegistration): Plugin {
  const location = entry.location ?? 'registered in code';
  return entry.kind === 'connector' ? connectorPlugin(entry, location) : converterPlugin(entry, location);
}

function connectorPlugin(entry: PluginRegistration, location: string): ConnectorPlugin {
  const type = connectorType(entry.plugin);
  if (type === null) throw loadFailed(`${entry.className} is not a connector: ${notAConnectorReason(entry.plugin)}`);
  const connectorClass = entry.plugin as ConnectorClass;
  let version: string;
  try {
    version = String(new connectorClass().version());
  } catch (error) {
    throw loadFailed(`${entry.className} could not be created and asked its version: ${(error as Error).message}`, error);
  }
  return Object.freeze({ kind: 'connector', className: entry.className, type, version, location, aliases: allAliases(entry), connectorClass });
}

function converterPlugin(entry: PluginRegistration, location: string): ConverterPlugin {
  if (!isConverterClass(entry.plugin)) throw loadFailed(`${entry.className} is not a converter: it needs configure(), fromConnectData() and toConnectData() methods`);
  return Object.freeze({
    kind: 'converter', className: entry.className, version: entry.version ?? 'unknown', location, aliases: allAliases(entry), converterClass: entry.plugin,
  });
}

function allAliases(entry: PluginRegistration): readonly string[] {
  const aliases = new Set([...(entry.aliases ?? []), ...derivedAliases(entry.kind, entry.className)]);
  aliases.delete(entry.className);
  return Object.freeze([...aliases]);
}

function loadFailed(message: string, cause?: unknown): RuntimeError {
  return new RuntimeError(RuntimeErrors.PLUGIN_LOAD_FAILED, message, { cause });
}
