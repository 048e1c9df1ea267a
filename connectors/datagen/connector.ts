/** Generates made-up records: a quickstart schema or the user's, at a given rate, up to a given count. */
import {
  ConfigException, SourceConnector, configValue, errorCount, type ConfigDef, type ConfigValidationResult, type Props,
} from '../sdk/index.ts';
import { DATAGEN_CONFIG, type DatagenConfig } from './config.ts';
import { RecordMaker } from './record-maker.ts';
import { recordShape } from './record-shape.ts';
import { DatagenTask } from './task.ts';
import { taskShares } from './task-shares.ts';
import { VERSION } from './version.ts';

export class DatagenConnector extends SourceConnector {
  #props: Props = {};
  #config: DatagenConfig | null = null;

  version(): string {
    return VERSION;
  }

  config(): ConfigDef<unknown> {
    return DATAGEN_CONFIG;
  }

  /** Adds what JSON Schema cannot say: quickstart and schema.fields exclude each other, and the spec is sound. */
  override validate(props: Props): ConfigValidationResult {
    const result = DATAGEN_CONFIG.validate(props);
    if (errorCount(result) > 0) return result;
    try {
      checkShape(DATAGEN_CONFIG.parse(props));
    } catch (error) {
      if (!(error instanceof ConfigException) || error.key === null) throw error;
      const entry = configValue(result, error.key);
      if (entry) entry.errors.push(error.message);
      else result.errors.push(error.message);
    }
    return result;
  }

  start(props: Props): void {
    const config = DATAGEN_CONFIG.parse(props);
    checkShape(config);
    this.#props = { ...props };
    this.#config = config;
  }

  taskClass(): typeof DatagenTask {
    return DatagenTask;
  }

  taskConfigs(maxTasks: number): Props[] {
    if (!this.#config) return [];
    return taskShares(this.#props, this.#config, maxTasks);
  }

  stop(): void {}
}

/** Builds the value schema once, so spec problems surface as config errors rather than task failures. */
function checkShape(config: DatagenConfig): void {
  new RecordMaker({ shape: recordShape(config), topic: config.topic, keySpace: config['key.space'], seed: 0, task: 0 });
}
