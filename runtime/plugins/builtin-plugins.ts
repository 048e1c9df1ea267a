/**
 * The plugins that ship with Sluice, declared as a package manifest like any plugin package's, and
 * loaded through the same code path. Module paths are relative to the Sluice package root: the sources
 * when running .ts directly, dist/ when compiled, hence the extension chosen from this file's own.
 */
import { fileURLToPath } from 'node:url';
import { version } from '../version.ts';

const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

export const BUILTIN_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const fileConnectors = `./connectors/file/index${ext}`;
const datagen = `./connectors/datagen/index${ext}#DatagenConnector`;

export const BUILTIN_PACKAGE = Object.freeze({
  name: 'sluice',
  version,
  sluice: {
    connectors: {
      'org.apache.kafka.connect.file.FileStreamSourceConnector': `${fileConnectors}#FileStreamSourceConnector`,
      'org.apache.kafka.connect.file.FileStreamSinkConnector': `${fileConnectors}#FileStreamSinkConnector`,
      'io.sluice.connect.datagen.DatagenConnector': datagen,
      datagen,
    },
    converters: {
      'org.apache.kafka.connect.json.JsonConverter': `./runtime/converters/json/json-converter${ext}#JsonConverter`,
      json: `./runtime/converters/json/json-converter${ext}#JsonConverter`,
      'org.apache.kafka.connect.storage.StringConverter': `./runtime/converters/string-converter${ext}#StringConverter`,
      string: `./runtime/converters/string-converter${ext}#StringConverter`,
      'org.apache.kafka.connect.converters.ByteArrayConverter': `./runtime/converters/byte-array-converter${ext}#ByteArrayConverter`,
      bytes: `./runtime/converters/byte-array-converter${ext}#ByteArrayConverter`,
    },
  },
});
