/** Wraps store calls so that every failure leaves as the error `mapError` makes of it (a HoloError). */
export function storeGuard(mapError: (error: unknown) => Error) {
  return async <T>(fn: () => T | Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw mapError(error);
    }
  };
}

/** The synchronous form, for bun:sqlite calls whose callers must not yield. */
export function syncStoreGuard(mapError: (error: unknown) => Error) {
  return <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw mapError(error);
    }
  };
}
