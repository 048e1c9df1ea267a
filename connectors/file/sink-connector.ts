/** Kafka's FileStreamSinkConnector: every task appends to the same file (or standard output). */
import { SinkConnector, type ConfigDef, type Props } from '../sdk/index.ts';
import { SINK_CONFIG } from './sink-config.ts';
import { FileStreamSinkTask } from './sink-task.ts';
import { VERSION } from './version.ts';

export class FileStreamSinkConnector extends SinkConnector {
  #props: Props = {};

  version(): string {
    return VERSION;
  }

  config(): ConfigDef<unknown> {
    return SINK_CONFIG;
  }

  start(props: Props): void {
    SINK_CONFIG.parse(props);
    this.#props = { ...props };
  }

  taskClass(): typeof FileStreamSinkTask {
    return FileStreamSinkTask;
  }

  taskConfigs(maxTasks: number): Props[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.#props }));
  }

  stop(): void {}
}
