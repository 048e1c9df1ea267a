/**
 * Client settings as Connect assembles them for a task's producer or consumer: the worker's
 * `<kind>.*` keys, then the connector's `<kind>.override.*` keys on top (Connect's default override
 * policy in 3.0+ allows all). Prefixes are removed: "producer.linger.ms" becomes "linger.ms".
 */
export type ClientKind = 'producer' | 'consumer';

export function clientConfigs(
  kind: ClientKind,
  workerProps: Readonly<Record<string, string>>,
  connectorConfig: Readonly<Record<string, string>>,
  defaults: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const configs: Record<string, string> = { ...defaults };
  const workerPrefix = `${kind}.`;
  const overridePrefix = `${kind}.override.`;
  for (const [key, value] of Object.entries(workerProps)) {
    if (key.startsWith(workerPrefix) && !key.startsWith(overridePrefix)) configs[key.slice(workerPrefix.length)] = value;
  }
  for (const [key, value] of Object.entries(connectorConfig)) {
    if (key.startsWith(overridePrefix)) configs[key.slice(overridePrefix.length)] = value;
  }
  return configs;
}
