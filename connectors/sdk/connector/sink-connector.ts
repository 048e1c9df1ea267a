import type { MaybePromise } from '../maybe-promise.ts';
import type { Props } from '../props.ts';
import type { TopicPartition } from '../records/topic-partition.ts';
import type { SinkTask } from '../task/sink-task.ts';
import type { TaskClass } from '../task/task.ts';
import { Connector } from './connector.ts';
import type { SinkConnectorContext } from './connector-context.ts';

export abstract class SinkConnector extends Connector<SinkConnectorContext> {
  /** The config keys naming the topics a sink consumes (one of the two must be set). */
  static readonly TOPICS_CONFIG = 'topics';
  static readonly TOPICS_REGEX_CONFIG = 'topics.regex';

  abstract override taskClass(): TaskClass<SinkTask>;

  /**
   * Called before the runtime rewrites this connector's consumer-group offsets (a null offset means
   * reset). Throw to refuse; return true if the connector also applied the change externally.
   */
  alterOffsets(_props: Props, _offsets: ReadonlyMap<TopicPartition, number | null>): MaybePromise<boolean> {
    return false;
  }
}
