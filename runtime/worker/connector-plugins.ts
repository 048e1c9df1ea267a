/** What the Worker needs from the plugin registry (runtime/plugins): a connector class by name or alias. */
import type { Connector, ConnectorContext } from '../../connectors/sdk/index.ts';

export type ConnectorClass = new () => Connector<ConnectorContext>;

export interface ConnectorPlugins {
  /** Throws (PLUGIN_NOT_FOUND) for a name it does not know. */
  connectorClass(name: string): ConnectorClass;
}
