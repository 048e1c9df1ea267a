/** Lifecycle methods may be sync or async; the runtime always awaits them. */
export type MaybePromise<T> = T | Promise<T>;
