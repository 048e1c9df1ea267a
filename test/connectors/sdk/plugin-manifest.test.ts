import { describe, expect, it } from 'vitest';
import { ConfigException, readPluginManifest } from '../../../connectors/sdk/index.ts';

describe('readPluginManifest', () => {
  it('lists the connector and converter classes a package declares', () => {
    const entries = readPluginManifest({
      name: 'sluice-connector-files',
      sluice: {
        connectors: { 'com.example.FileSource': './dist/file-source.js#FileSource', FileSink: './dist/file-sink.js' },
        converters: { 'com.example.CsvConverter': './dist/csv.js#CsvConverter' },
      },
    });
    expect(entries).toEqual([
      { kind: 'connector', className: 'com.example.FileSource', module: './dist/file-source.js', exportName: 'FileSource' },
      { kind: 'connector', className: 'FileSink', module: './dist/file-sink.js', exportName: 'default' },
      { kind: 'converter', className: 'com.example.CsvConverter', module: './dist/csv.js', exportName: 'CsvConverter' },
    ]);
  });

  it('is empty for packages without a sluice section', () => {
    expect(readPluginManifest({ name: 'left-pad' })).toEqual([]);
  });

  it('rejects malformed manifests with the place at fault', () => {
    const attempt = (sluice: unknown) => () => readPluginManifest({ sluice }, 'bad-plugin');
    expect(attempt({ connectors: { 'com.example.X': 'dist/x.js' } })).toThrow(/Invalid plugin manifest in bad-plugin\/package.json: sluice.connectors.com.example.X must match pattern/);
    expect(attempt({ sources: {} })).toThrow(/must NOT have additional properties/);
    expect(attempt({ connectors: { 'not a class': './x.js' } })).toThrow(ConfigException);
    try {
      attempt({})();
    } catch (error) {
      expect((error as ConfigException).code).toBe('PLUGIN_MANIFEST_INVALID');
    }
  });
});
