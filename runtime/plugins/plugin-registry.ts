/**
 * The connector and converter plugins this worker can run, by class name and alias. Built-ins and
 * plugin.path packages arrive the same way, through a package manifest (plugin-package.ts); register()
 * is the one door, and it checks that each class is what it claims to be before anything can use it.
 *
 * Names resolve in this order: class name, alias a manifest declared (another name for the same
 * export), alias derived from the class name (plugin-aliases.ts) when only one plugin has it.
 */
import { pino, type Logger } from 'pino';
import type { ConverterClass, PluginKind } from '../../connectors/sdk/index.ts';
import { ConverterRegistry } from '../converters/converter-registry.ts';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import type { PluginInfo } from '../herder/connect-types.ts';
import { BUILTIN_PACKAGE, BUILTIN_ROOT } from './builtin-plugins.ts';
import { derivedAliases } from './plugin-aliases.ts';
import type { ConnectorClass } from './plugin-classes.ts';
import { describePlugin, type ConnectorPlugin, type ConverterPlugin, type Plugin, type PluginRegistration } from './plugin-descriptors.ts';
import { loadPluginPackage } from './plugin-package.ts';
import { findPluginPackages } from './plugin-path.ts';
import type { PluginProblem } from './plugin-problem.ts';
import { installSdkResolution } from './sdk-resolution.ts';

interface Names {
  readonly classes: Map<string, Plugin>;
  readonly declared: Map<string, Plugin>;
  readonly derived: Map<string, Plugin[]>;
}

export interface PluginRegistryOptions {
  readonly logger?: Logger;
}

export class PluginRegistry {
  readonly #logger: Logger;
  readonly #names: Readonly<Record<PluginKind, Names>> = { connector: names(), converter: names() };

  constructor(options: PluginRegistryOptions = {}) {
    this.#logger = options.logger ?? pino({ level: 'silent' });
  }

  /** Adds a plugin; throws PLUGIN_LOAD_FAILED when the class is unfit or a name is taken. */
  register(entry: PluginRegistration): void {
    const names = this.#names[entry.kind];
    const taken = [entry.className, ...(entry.aliases ?? [])].find((name) => names.classes.has(name) || names.declared.has(name));
    if (taken !== undefined) {
      const owner = names.classes.get(taken) ?? names.declared.get(taken);
      throw loadFailed(`${entry.kind} name "${taken}" is already taken by ${owner?.className} (${owner?.location})`);
    }
    const plugin = describePlugin(entry);
    names.classes.set(plugin.className, plugin);
    for (const alias of entry.aliases ?? []) names.declared.set(alias, plugin);
    for (const alias of derivedAliases(entry.kind, entry.className)) names.derived.set(alias, [...(names.derived.get(alias) ?? []), plugin]);
  }

  /** The connector plugin a connector.class names; PLUGIN_NOT_FOUND otherwise. */
  connector(name: string): ConnectorPlugin {
    return this.#find('connector', name) as ConnectorPlugin;
  }

  connectorClass(name: string): ConnectorClass {
    return this.connector(name).connectorClass;
  }

  converter(name: string): ConverterPlugin {
    return this.#find('converter', name) as ConverterPlugin;
  }

  converterClass(name: string): ConverterClass {
    return this.converter(name).converterClass;
  }

  /** The converters by every name that resolves, for runtime/converters' createConverter(). */
  converterRegistry(): ConverterRegistry {
    const registry = new ConverterRegistry();
    const names = this.#names.converter;
    for (const plugin of this.#plugins('converter') as ConverterPlugin[]) {
      const usable = [plugin.className, ...plugin.aliases].filter((name) => this.#resolves(names, name) === plugin);
      registry.register([...new Set(usable)], () => new plugin.converterClass());
    }
    return registry;
  }

  /** GET /connector-plugins: connectors (and, unless connectorsOnly, converters), by class name. */
  list(options: { connectorsOnly?: boolean } = {}): PluginInfo[] {
    const plugins = options.connectorsOnly === false ? [...this.#plugins('connector'), ...this.#plugins('converter')] : this.#plugins('connector');
    return plugins.map((plugin) => ({ class: plugin.className, type: plugin.kind === 'connector' ? plugin.type : 'converter', version: plugin.version }));
  }

  /** Registers the connectors and converters that ship with Sluice, through their manifest. */
  async registerBuiltins(): Promise<PluginProblem[]> {
    return loadPluginPackage(this, BUILTIN_ROOT, BUILTIN_PACKAGE, this.#logger);
  }

  /**
   * Loads every plugin package found in these folders (each a package, or a folder of packages as
   * node_modules is). Problems are logged, returned and skipped: one broken plugin does not stop the others.
   */
  async loadPluginPath(dirs: readonly string[]): Promise<PluginProblem[]> {
    installSdkResolution();
    const { packages, problems } = await findPluginPackages(dirs);
    for (const problem of problems) this.#logger.warn({ err: problem.cause, location: problem.location }, problem.message);
    for (const { root, packageJson } of packages) problems.push(...(await loadPluginPackage(this, root, packageJson, this.#logger)));
    return problems;
  }

  #plugins(kind: PluginKind): Plugin[] {
    return [...this.#names[kind].classes.values()].sort((a, b) => (a.className < b.className ? -1 : a.className > b.className ? 1 : 0));
  }

  #resolves(names: Names, name: string): Plugin | undefined {
    const derived = names.derived.get(name);
    return names.classes.get(name) ?? names.declared.get(name) ?? (derived?.length === 1 ? derived[0] : undefined);
  }

  #find(kind: PluginKind, name: string): Plugin {
    const names = this.#names[kind];
    const found = this.#resolves(names, name);
    if (found) return found;
    const candidates = names.derived.get(name);
    if (candidates && candidates.length > 1) {
      throw new RuntimeError(RuntimeErrors.PLUGIN_NOT_FOUND, `"${name}" is ambiguous: it is short for ${candidates.map((p) => p.className).join(' and ')}; use the full class name`);
    }
    const known = [...names.classes.keys()].sort();
    throw new RuntimeError(
      RuntimeErrors.PLUGIN_NOT_FOUND,
      `No ${kind} plugin is named "${name}"; installed ${kind}s: ${known.length > 0 ? known.join(', ') : 'none'}. Check the name, or add the plugin's package to plugin.path.`,
    );
  }
}

function names(): Names {
  return { classes: new Map(), declared: new Map(), derived: new Map() };
}

function loadFailed(message: string, cause?: unknown): RuntimeError {
  return new RuntimeError(RuntimeErrors.PLUGIN_LOAD_FAILED, message, { cause });
}
