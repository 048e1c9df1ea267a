/** A plugin that could not be loaded: reported and skipped, never fatal to the worker. */
export interface PluginProblem {
  /** The package folder (or plugin path entry) at fault. */
  readonly location: string;
  /** The class name concerned, or null when the whole package (or path entry) failed. */
  readonly className: string | null;
  readonly message: string;
  readonly cause?: unknown;
}
