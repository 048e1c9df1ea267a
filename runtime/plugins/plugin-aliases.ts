/**
 * The short names a plugin also answers to, as Connect derives them: the class's simple name and, for
 * connectors, that name without its "Connector" suffix ("org.x.FileStreamSourceConnector" ->
 * "FileStreamSourceConnector", "FileStreamSource"). A derived alias two plugins share names neither.
 */
import type { PluginKind } from '../../connectors/sdk/index.ts';

const CONNECTOR_SUFFIX = 'Connector';

export function derivedAliases(kind: PluginKind, className: string): string[] {
  const simple = className.slice(className.lastIndexOf('.') + 1);
  const aliases = simple === className ? [] : [simple];
  if (kind === 'connector' && simple.endsWith(CONNECTOR_SUFFIX) && simple.length > CONNECTOR_SUFFIX.length) {
    aliases.push(simple.slice(0, -CONNECTOR_SUFFIX.length));
  }
  return aliases;
}
