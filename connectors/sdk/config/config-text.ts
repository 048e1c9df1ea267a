/** A config value as Connect prints it: lists comma-joined, everything else as text. */
export function configText(value: unknown): string {
  if (Array.isArray(value)) return value.map(configText).join(',');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
