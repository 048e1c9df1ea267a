/**
 * How a package declares its plugins: a "sluice" section in its package.json (validated by
 * schemas/plugin-manifest.json), e.g.
 *   "sluice": { "connectors": { "com.example.FileSource": "./dist/file-source.js#FileSource" } }
 * The runtime's plugin loader reads it with readPluginManifest() and imports each module export.
 * Declaring classes in package.json (rather than in code) lets the runtime list plugins without
 * executing them and refuse clashing class names before loading anything.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import schema from '../../../schemas/plugin-manifest.json' with { type: 'json' };
import { ConfigException } from '../errors.ts';

export type PluginKind = 'connector' | 'converter';

export interface PluginManifest {
  readonly connectors?: Readonly<Record<string, string>>;
  readonly converters?: Readonly<Record<string, string>>;
}

export interface PluginEntry {
  readonly kind: PluginKind;
  /** The name users configure (connector.class, value.converter). */
  readonly className: string;
  /** Module path relative to the package root. */
  readonly module: string;
  /** The module export holding the class ("default" when the reference has no #Name). */
  readonly exportName: string;
}

let check: ValidateFunction | null = null;

/** The plugins a package.json declares; [] when it has no "sluice" section. */
export function readPluginManifest(packageJson: unknown, packageName = 'package'): PluginEntry[] {
  const manifest = (packageJson as { sluice?: unknown } | null)?.sluice;
  if (manifest === undefined) return [];
  check ??= new Ajv({ allErrors: true, strict: true }).compile(schema);
  if (!check(manifest)) {
    const problems = (check.errors ?? []).map((e) => `sluice${e.instancePath.replaceAll('/', '.')} ${e.message}`).join('; ');
    throw new ConfigException(`Invalid plugin manifest in ${packageName}/package.json: ${problems}`, { code: 'PLUGIN_MANIFEST_INVALID', key: 'sluice' });
  }
  const { connectors = {}, converters = {} } = manifest as PluginManifest;
  return [...entries('connector', connectors), ...entries('converter', converters)];
}

function entries(kind: PluginKind, classes: Readonly<Record<string, string>>): PluginEntry[] {
  return Object.entries(classes).map(([className, reference]) => {
    const [module, exportName = 'default'] = reference.split('#');
    return Object.freeze({ kind, className, module, exportName });
  });
}
