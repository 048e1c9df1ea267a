import type { Props } from '../props.ts';
import type { OffsetStorageReader } from './offset-storage-reader.ts';

export interface SourceTaskContext {
  /** The task's config as given to start(). */
  readonly configs: Props;
  /** Where to resume: read the committed offsets of this task's partitions in start(). */
  readonly offsetStorageReader: OffsetStorageReader;
}
