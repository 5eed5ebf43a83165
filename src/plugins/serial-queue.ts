import { HoloError } from "#shared/errors/holo-error.ts";

/** Runs tasks one at a time, in order, with a bound on how many may wait. */
export interface SerialQueue {
  /** Queues a task; rejects with resource_exhausted when the queue is full. */
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly length: number;
  /** Resolves once every task queued so far has settled. */
  drained(): Promise<void>;
}

/** Creates a SerialQueue holding at most `max` waiting tasks. */
export function createSerialQueue(max: number): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  let length = 0;
  return {
    get length() {
      return length;
    },
    run<T>(task: () => Promise<T>): Promise<T> {
      if (length >= max)
        return Promise.reject(new HoloError("resource_exhausted", "The plugin is too busy."));
      length++;
      const result = tail.then(task).finally(() => {
        length--;
      });
      tail = result.catch(() => undefined);
      return result;
    },
    drained: () => tail.then(() => undefined),
  };
}
