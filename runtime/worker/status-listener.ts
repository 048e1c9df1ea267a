/**
 * How the Worker reports connector and task states to whoever runs it (the herder, which writes them
 * to the StatusBackingStore). A FAILED state carries the failure's stack trace. UNASSIGNED means the
 * connector or task was shut down cleanly on this worker; a failed or abandoned one reports nothing
 * more after FAILED (or after being abandoned).
 */
import type { State } from '../herder/connect-types.ts';

export type StatusListener = (state: State, trace?: string) => void;
