/**
 * IncrementalAlterConfigs semantics for topic configs: turns a list of SET/DELETE/APPEND/SUBTRACT
 * operations into the topic's next set of overrides. The caller validates the result by resolving it.
 */
import { ErrorCode, KafkaProtocolError } from '../protocol/error-codes.ts';
import { formatConfigValue } from './config-value.ts';
import type { EffectiveTopicConfig } from './effective-topic-config.ts';
import { requireTopicConfigDefinition } from './topic-configs.ts';

/** Operation codes 0..3 of the IncrementalAlterConfigs request, by name. */
export type IncrementalConfigOp = 'SET' | 'DELETE' | 'APPEND' | 'SUBTRACT';

export interface ConfigAlteration {
  readonly name: string;
  readonly op: IncrementalConfigOp;
  readonly value: string | null;
}

export function applyConfigAlterations(
  current: EffectiveTopicConfig,
  alterations: readonly ConfigAlteration[],
): Record<string, string> {
  rejectDuplicateNames(alterations);
  const next: Record<string, string> = { ...current.overrides };
  for (const { name, op, value } of alterations) {
    const definition = requireTopicConfigDefinition(name);
    if (op === 'DELETE') {
      delete next[name];
      continue;
    }
    if (value === null) throw new KafkaProtocolError(ErrorCode.INVALID_CONFIG, `Null value not supported for ${op} of ${name}`);
    if (op === 'SET') {
      next[name] = value;
      continue;
    }
    if (definition.type !== 'list') {
      throw new KafkaProtocolError(ErrorCode.INVALID_CONFIG, `Config value ${op.toLowerCase()} is not allowed for config key: ${name}`);
    }
    const items = current.value(name) as readonly string[];
    const operands = value.split(',').map((item) => item.trim()).filter((item) => item !== '');
    const result = op === 'APPEND'
      ? [...items, ...operands.filter((item) => !items.includes(item))]
      : items.filter((item) => !operands.includes(item));
    next[name] = formatConfigValue(result);
  }
  return next;
}

function rejectDuplicateNames(alterations: readonly ConfigAlteration[]): void {
  const seen = new Set<string>();
  for (const { name } of alterations) {
    if (seen.has(name)) throw new KafkaProtocolError(ErrorCode.INVALID_REQUEST, `Duplicate config key in request: ${name}`);
    seen.add(name);
  }
}
