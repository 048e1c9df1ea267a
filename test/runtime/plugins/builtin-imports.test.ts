// Built-in connectors are packaged like any plugin: they may import Node's modules, their own folder
// and the SDK's index, nothing else of Sluice's (habit 4 of STYLE.md).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CONNECTORS = join(import.meta.dirname, '../../../connectors');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function specifiers(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((match) => match[1] ?? match[2]);
}

describe.each(['file', 'datagen'])('connectors/%s', (folder) => {
  it('imports only node:*, its own folder and ../sdk/index.ts', () => {
    const files = readdirSync(join(CONNECTORS, folder)).filter((name) => name.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      for (const specifier of specifiers(join(CONNECTORS, folder, name))) {
        expect(specifier, `${folder}/${name}`).toMatch(/^(node:[a-z/]+|\.\/[a-z-]+\.(ts|json)|\.\.\/sdk\/index\.ts)$/);
      }
    }
  });
});
