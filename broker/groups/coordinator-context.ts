// What the request operations (join, sync, heartbeat, leave, offsets...) share: one coordinator's state.
import type { ClassicGroup } from './classic-group.ts';
import type { GroupCoordinatorOptions } from './coordinator-options.ts';
import type { GroupPersistence } from './group-persistence.ts';
import type { OffsetStore } from './offset-store.ts';
import type { Rebalancer } from './rebalancer.ts';

export interface CoordinatorContext {
  readonly options: GroupCoordinatorOptions;
  readonly groups: Map<string, ClassicGroup>;
  readonly offsets: OffsetStore;
  readonly persistence: GroupPersistence;
  readonly rebalancer: Rebalancer;
}
