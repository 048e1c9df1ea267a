/**
 * Finds plugin packages on plugin.path. Each entry is a package folder itself (it has a package.json)
 * or a folder of packages laid out as node_modules is (`name/`, `@scope/name/`); so `npm install` into a
 * folder and pointing plugin.path at its node_modules works. Packages are visited in name order, so
 * which of two clashing plugins wins does not depend on the file system.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { PluginProblem } from './plugin-problem.ts';

export interface FoundPackage {
  readonly root: string;
  readonly packageJson: unknown;
}

export interface PluginPathScan {
  readonly packages: FoundPackage[];
  readonly problems: PluginProblem[];
}

export async function findPluginPackages(dirs: readonly string[]): Promise<PluginPathScan> {
  const scan: PluginPathScan = { packages: [], problems: [] };
  const seen = new Set<string>();
  for (const dir of dirs) {
    const root = resolve(dir);
    const kind = await entryKind(root);
    if (kind !== 'directory') {
      scan.problems.push({ location: root, className: null, message: `plugin.path entry ${root} ${kind === 'missing' ? 'does not exist' : 'is not a directory'}` });
      continue;
    }
    const roots = (await entryKind(join(root, 'package.json'))) === 'file' ? [root] : await packageFolders(root);
    for (const packageRoot of roots) {
      if (seen.has(packageRoot)) continue;
      seen.add(packageRoot);
      await readPackage(packageRoot, scan);
    }
  }
  return scan;
}

async function packageFolders(dir: string): Promise<string[]> {
  const folders: string[] = [];
  for (const name of await subfolders(dir)) {
    const folder = join(dir, name);
    if (name.startsWith('@')) {
      for (const scoped of await subfolders(folder)) folders.push(join(folder, scoped));
    } else if ((await entryKind(join(folder, 'package.json'))) === 'file') {
      folders.push(folder);
    }
  }
  return folders;
}

/** Folder names (symbolic links to folders included, as npm link makes them), sorted. */
async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory() || (entry.isSymbolicLink() && (await entryKind(join(dir, entry.name))) === 'directory')) names.push(entry.name);
  }
  return names.sort();
}

async function readPackage(root: string, scan: PluginPathScan): Promise<void> {
  const file = join(root, 'package.json');
  try {
    scan.packages.push({ root, packageJson: JSON.parse(await readFile(file, 'utf8')) as unknown });
  } catch (error) {
    scan.problems.push({ location: root, className: null, message: `Could not read ${file}: ${(error as Error).message}`, cause: error });
  }
}

async function entryKind(path: string): Promise<'file' | 'directory' | 'other' | 'missing'> {
  try {
    const stats = await stat(path);
    return stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other';
  } catch {
    return 'missing';
  }
}
