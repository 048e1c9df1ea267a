/**
 * States of a classic group and which transitions are legal (names as DescribeGroups reports them):
 *   Empty --join--> PreparingRebalance --all joined / timeout--> CompletingRebalance
 *   CompletingRebalance --leader's SyncGroup--> Stable --join, leave, expiry--> PreparingRebalance
 *   PreparingRebalance --nobody left--> Empty;  any --delete / expiry--> Dead
 */
export const GroupState = Object.freeze({
  Empty: 'Empty',
  PreparingRebalance: 'PreparingRebalance',
  CompletingRebalance: 'CompletingRebalance',
  Stable: 'Stable',
  Dead: 'Dead',
} as const);

export type GroupState = (typeof GroupState)[keyof typeof GroupState];

const VALID_PREVIOUS: Readonly<Record<GroupState, readonly GroupState[]>> = Object.freeze({
  Empty: [GroupState.PreparingRebalance],
  PreparingRebalance: [GroupState.Empty, GroupState.Stable, GroupState.CompletingRebalance],
  CompletingRebalance: [GroupState.PreparingRebalance],
  Stable: [GroupState.CompletingRebalance],
  Dead: [GroupState.Empty, GroupState.PreparingRebalance, GroupState.CompletingRebalance, GroupState.Stable, GroupState.Dead],
});

export function canTransition(from: GroupState, to: GroupState): boolean {
  return VALID_PREVIOUS[to].includes(from);
}

const BY_LOWER_NAME = new Map(Object.values(GroupState).map((s) => [s.toLowerCase(), s]));

/** ListGroups' states filter matches names case-insensitively, as Kafka does. */
export function groupStateNamed(name: string): GroupState | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}
