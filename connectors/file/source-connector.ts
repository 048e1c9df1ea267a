/** Kafka's FileStreamSourceConnector: one task following one file (or standard input). */
import {
  ConnectException, SourceConnector, type ConfigDef, type Props, type SourceOffset, type SourcePartition,
} from '../sdk/index.ts';
import { SOURCE_CONFIG } from './source-config.ts';
import { sourcePosition } from './source-position.ts';
import { FileStreamSourceTask } from './source-task.ts';
import { VERSION } from './version.ts';

export class FileStreamSourceConnector extends SourceConnector {
  #props: Props = {};

  version(): string {
    return VERSION;
  }

  config(): ConfigDef<unknown> {
    return SOURCE_CONFIG;
  }

  start(props: Props): void {
    SOURCE_CONFIG.parse(props);
    this.#props = { ...props };
  }

  taskClass(): typeof FileStreamSourceTask {
    return FileStreamSourceTask;
  }

  /** A file is read sequentially: one task, whatever tasks.max says. */
  taskConfigs(maxTasks: number): Props[] {
    return maxTasks < 1 ? [] : [{ ...this.#props }];
  }

  stop(): void {}

  /** Refuses offsets this connector could not resume from; the runtime stores the rest. */
  override alterOffsets(_props: Props, offsets: ReadonlyMap<SourcePartition, SourceOffset | null>): boolean {
    for (const [partition, offset] of offsets) {
      const filename = partition.filename;
      if (typeof filename !== 'string' || filename === '') {
        throw new ConnectException(`A FileStreamSourceConnector source partition is {"filename": "<path>"}; this one has filename ${String(filename)}`);
      }
      sourcePosition(offset, filename);
    }
    return false;
  }
}
