// Sluice's version, read once from the package's package.json (found upward from here,
// so it works from the sources and from the compiled dist/ alike).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageJson(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'sluice') return candidate;
    if (dirname(dir) === dir) throw new Error('cannot find the sluice package.json');
  }
}

const pkg = JSON.parse(readFileSync(findPackageJson(dirname(fileURLToPath(import.meta.url))), 'utf8')) as { version: string };
export const version: string = pkg.version;
