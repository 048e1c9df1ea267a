import { ConfigDef } from '../sdk/index.ts';
import schema from './config.json' with { type: 'json' };

export type QuickstartName = 'users' | 'orders' | 'pageviews';

export interface DatagenConfig {
  readonly topic: string;
  readonly quickstart?: QuickstartName;
  readonly 'schema.fields'?: string;
  readonly 'key.space': number;
  readonly 'records.per.second': number;
  readonly 'max.records': number;
  readonly seed?: number;
  readonly 'batch.size': number;
  readonly 'task.id': number;
}

export const DATAGEN_CONFIG = new ConfigDef<DatagenConfig>(schema);
