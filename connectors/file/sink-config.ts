import { ConfigDef } from '../sdk/index.ts';
import schema from './sink-config.json' with { type: 'json' };

export interface SinkConfig {
  readonly file?: string;
}

export const SINK_CONFIG = new ConfigDef<SinkConfig>(schema);
