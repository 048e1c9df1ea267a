/**
 * Validation of a connector config, the one answer behind PUT /connector-plugins/{p}/config/validate and
 * behind every create or update (which refuses a config with errors): the keys every connector has
 * (schemas/connector-common-config.json), a sink's topics (schemas/sink-connector-config.json), the
 * errors.* keys (the Worker's error-handling schema), then the plugin's own validate().
 *
 * Beyond the schemas: connector.class must name an installed connector plugin, key/value converters an
 * installed converter, a sink exactly one of topics and topics.regex, and transforms/predicates must be
 * empty (Sluice runs no transformations yet).
 */
import { ConfigDef, type ConfigValidationResult, type Props } from '../../connectors/sdk/index.ts';
import commonSchema from '../../schemas/connector-common-config.json' with { type: 'json' };
import sinkSchema from '../../schemas/sink-connector-config.json' with { type: 'json' };
import type { ConverterRegistry } from '../converters/index.ts';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import type { ConnectorPlugin, PluginRegistry } from '../plugins/index.ts';
import { ERROR_HANDLING_CONFIG } from '../worker/index.ts';
import { sinkSubscription } from '../worker/sink-topics.ts';
import { configEntry, configInfos, fieldErrors, restKeyInfo, undeclaredKeyInfo, type ConfigEntry } from './config-infos.ts';
import type { ConfigInfos, ConfigKeyInfo, ConnectorConfig, ConnectorType } from './connect-types.ts';

export const COMMON_CONNECTOR_CONFIG = new ConfigDef(commonSchema);
export const SINK_CONNECTOR_CONFIG = new ConfigDef(sinkSchema);

export interface ConnectorValidatorOptions {
  readonly plugins: PluginRegistry;
  readonly converters: ConverterRegistry;
}

export class ConnectorValidator {
  readonly #plugins: PluginRegistry;
  readonly #converters: ConverterRegistry;

  constructor(options: ConnectorValidatorOptions) {
    this.#plugins = options.plugins;
    this.#converters = options.converters;
  }

  /** GET /connector-plugins/{p}/config: the plugin's own keys. PLUGIN_NOT_FOUND for an unknown plugin. */
  pluginConfig(plugin: string): ConfigKeyInfo[] {
    const found = this.#plugins.connector(plugin);
    return new found.connectorClass().config().keys().map(restKeyInfo);
  }

  /** The connector's type by its connector.class; "unknown" when no installed plugin has that name. */
  connectorType(config: ConnectorConfig): ConnectorType {
    return this.#plugin(config)?.type ?? 'unknown';
  }

  /** PUT /connector-plugins/{p}/config/validate. BAD_REQUEST when no connector plugin has that name. */
  async validatePlugin(plugin: string, config: ConnectorConfig): Promise<ConfigInfos> {
    try {
      this.#plugins.connector(plugin);
    } catch (error) {
      throw new RuntimeError(RuntimeErrors.BAD_REQUEST, (error as Error).message, { cause: error });
    }
    return this.validate({ ...config, 'connector.class': config['connector.class'] ?? plugin });
  }

  async validate(config: ConnectorConfig): Promise<ConfigInfos> {
    const className = config['connector.class']?.trim() ?? '';
    let plugin: ConnectorPlugin | undefined;
    let pluginProblem: string | undefined;
    if (className !== '') {
      try {
        plugin = this.#plugins.connector(className);
      } catch (error) {
        pluginProblem = (error as Error).message;
      }
    }
    const entries: ConfigEntry[] = [];
    const common = COMMON_CONNECTOR_CONFIG.validate(config);
    if (pluginProblem) addError(common, 'connector.class', pluginProblem);
    for (const key of ['key.converter', 'value.converter']) {
      const name = config[key]?.trim();
      if (name && !this.#converters.has(name)) addError(common, key, `No converter is named "${name}"; installed converters: ${this.#converters.names().join(', ')}`);
    }
    for (const key of ['transforms', 'predicates']) {
      if ((config[key] ?? '').trim() !== '') addError(common, key, `Sluice does not run single message transformations yet; remove ${key}`);
    }
    entries.push(...described(COMMON_CONNECTOR_CONFIG, common));

    if (plugin?.type === 'sink') {
      const sink = SINK_CONNECTOR_CONFIG.validate(config);
      try {
        sinkSubscription(config);
      } catch (error) {
        const key = (error as { key?: string | null }).key ?? 'topics';
        addError(sink, key, (error as Error).message);
      }
      entries.push(...described(SINK_CONNECTOR_CONFIG, sink));
    }

    const errorKeys = Object.fromEntries(Object.entries(config).filter(([key]) => key.startsWith('errors.')));
    entries.push(...described(ERROR_HANDLING_CONFIG, ERROR_HANDLING_CONFIG.validate(errorKeys)));

    if (plugin) {
      const connector = new plugin.connectorClass();
      let own: ConfigValidationResult;
      let definitions: ConfigDef<unknown> | undefined;
      try {
        definitions = connector.config();
        own = await connector.validate(config as Props);
      } catch (error) {
        own = { configs: [], errors: [`${plugin.className} could not validate the config: ${(error as Error).message}`] };
      }
      entries.push(...described(definitions, own));
      // Findings not about one key are shown on connector.class, the plugin's entry.
      const classEntry = entries.find((e) => e.value.name === 'connector.class');
      for (const problem of own.errors) classEntry?.value.errors.push(problem);
    }
    return configInfos(plugin?.className ?? (className || 'unknown'), entries);
  }

  /** Creation and updates: INVALID_CONFIG, listing each field's problems, unless the config is valid. */
  async requireValid(config: ConnectorConfig): Promise<void> {
    const infos = await this.validate(config);
    if (infos.error_count === 0) return;
    throw new RuntimeError(
      RuntimeErrors.INVALID_CONFIG,
      `Connector configuration is invalid and contains the following ${infos.error_count} error(s); the same list is at PUT /connector-plugins/{plugin}/config/validate:`,
      { fieldErrors: fieldErrors(infos) },
    );
  }

  #plugin(config: ConnectorConfig): ConnectorPlugin | undefined {
    const className = config['connector.class']?.trim();
    if (!className) return undefined;
    try {
      return this.#plugins.connector(className);
    } catch {
      return undefined;
    }
  }
}

function described(def: ConfigDef<unknown> | undefined, result: ConfigValidationResult): ConfigEntry[] {
  const definitions = new Map((def?.keys() ?? []).map((k) => [k.name, restKeyInfo(k)]));
  return result.configs.map((value) => configEntry(definitions.get(value.name) ?? undeclaredKeyInfo(value.name), value));
}

function addError(result: ConfigValidationResult, key: string, message: string): void {
  const entry = result.configs.find((c) => c.name === key);
  if (entry) entry.errors.push(message);
  else result.configs.push({ name: key, value: null, recommendedValues: [], errors: [message], visible: true });
}
