import { ConfigDef } from '../sdk/index.ts';
import schema from './source-config.json' with { type: 'json' };

export interface SourceConfig {
  readonly file?: string;
  readonly topic: string;
  readonly 'batch.size': number;
}

export const SOURCE_CONFIG = new ConfigDef<SourceConfig>(schema);
