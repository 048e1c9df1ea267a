/**
 * Loads one package's plugins: reads its manifest, imports each declared export and registers each
 * class once. Further manifest names for the same export become that class's aliases; that is how a
 * package gives a plugin a short name ("datagen" next to "io.sluice.connect.datagen.DatagenConnector").
 */
import { basename, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import { readPluginManifest, type PluginEntry } from '../../connectors/sdk/index.ts';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import type { PluginProblem } from './plugin-problem.ts';
import type { PluginRegistry } from './plugin-registry.ts';

interface Loaded {
  readonly entry: PluginEntry;
  readonly plugin: unknown;
  readonly aliases: string[];
}

export async function loadPluginPackage(registry: PluginRegistry, root: string, packageJson: unknown, logger: Logger): Promise<PluginProblem[]> {
  const { name, version } = packageIdentity(packageJson, root);
  const problems: PluginProblem[] = [];
  const report = (className: string | null, error: unknown): void => {
    const problem = { location: root, className, message: (error as Error).message, cause: error };
    logger.warn({ err: error, location: root, plugin: className ?? undefined }, `Skipping plugin${className ? ` ${className}` : 's'} of ${name}: ${problem.message}`);
    problems.push(problem);
  };

  let entries: PluginEntry[];
  try {
    entries = readPluginManifest(packageJson, name);
  } catch (error) {
    report(null, error);
    return problems;
  }
  if (entries.length === 0) logger.debug({ location: root }, `${name} declares no plugins (its package.json has no "sluice" section)`);

  const loaded: Loaded[] = [];
  for (const entry of entries) {
    try {
      const plugin = await importExport(root, entry);
      const same = loaded.find((other) => other.entry.kind === entry.kind && other.plugin === plugin);
      if (same) same.aliases.push(entry.className);
      else loaded.push({ entry, plugin, aliases: [] });
    } catch (error) {
      report(entry.className, error);
    }
  }
  for (const { entry, plugin, aliases } of loaded) {
    try {
      registry.register({ kind: entry.kind, className: entry.className, plugin, aliases, version, location: `${name}@${version} (${root})` });
      logger.info({ location: root, plugin: entry.className, aliases }, `Loaded ${entry.kind} plugin ${entry.className} from ${name}`);
    } catch (error) {
      report(entry.className, error);
    }
  }
  return problems;
}

function packageIdentity(packageJson: unknown, root: string): { name: string; version: string } {
  const { name, version } = (packageJson ?? {}) as { name?: unknown; version?: unknown };
  return { name: typeof name === 'string' && name !== '' ? name : basename(root), version: typeof version === 'string' ? version : 'unknown' };
}

async function importExport(root: string, entry: PluginEntry): Promise<unknown> {
  const base = pathToFileURL(root.endsWith(sep) ? root : `${root}${sep}`);
  const url = new URL(entry.module, base);
  if (!url.href.startsWith(base.href)) throw loadFailed(`module ${entry.module} lies outside the package folder`);
  let module: Record<string, unknown>;
  try {
    module = (await import(url.href)) as Record<string, unknown>;
  } catch (error) {
    throw loadFailed(`could not import ${entry.module}: ${(error as Error)?.message ?? String(error)}`, error);
  }
  if (!Object.hasOwn(module, entry.exportName)) {
    const exports = Object.keys(module);
    throw loadFailed(`${entry.module} has no export named "${entry.exportName}" (it exports: ${exports.length > 0 ? exports.join(', ') : 'nothing'})`);
  }
  return module[entry.exportName];
}

function loadFailed(message: string, cause?: unknown): RuntimeError {
  return new RuntimeError(RuntimeErrors.PLUGIN_LOAD_FAILED, message, { cause });
}
