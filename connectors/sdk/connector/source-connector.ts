import type { MaybePromise } from '../maybe-promise.ts';
import type { Props } from '../props.ts';
import type { SourceOffset, SourcePartition } from '../records/source-offsets.ts';
import type { SourceTask } from '../task/source-task.ts';
import type { TaskClass } from '../task/task.ts';
import { Connector } from './connector.ts';
import type { SourceConnectorContext } from './connector-context.ts';

export abstract class SourceConnector extends Connector<SourceConnectorContext> {
  abstract override taskClass(): TaskClass<SourceTask>;

  /**
   * Called before the runtime rewrites this connector's offsets (PATCH/DELETE /connectors/{c}/offsets;
   * a null offset means reset). Throw to refuse; return true if the connector also applied the change
   * to an external system it keeps offsets in. The default accepts and manages nothing externally.
   */
  alterOffsets(_props: Props, _offsets: ReadonlyMap<SourcePartition, SourceOffset | null>): MaybePromise<boolean> {
    return false;
  }
}
