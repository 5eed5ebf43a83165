import { HoloError } from "#shared/errors/holo-error.ts";

/**
 * A value bound after its users are built, for a dependency cycle that is real (the engine needs the
 * sessions' presence and the sessions announce through the engine). Using it before `set` throws, so a
 * wiring mistake fails loudly instead of falling back to an empty answer.
 */
export interface LateBinding<T> {
  /** Binds the value; a second bind throws. */
  set(value: T): void;
  /** The bound value; throws an internal HoloError before `set`. */
  get(): T;
  /**
   * The bound value, or undefined before `set`: only for a caller for whom "not built yet" has a meaning
   * of its own, which it states where it calls this.
   */
  peek(): T | undefined;
}

/** Creates an unbound holder; `name` says what was used too early in the error. */
export function lateBinding<T>(name: string): LateBinding<T> {
  let bound: { readonly value: T } | undefined;
  return {
    set(value) {
      if (bound) throw new HoloError("internal", `The ${name} was bound twice.`);
      bound = { value };
    },
    get() {
      if (!bound) throw new HoloError("internal", `The ${name} was used before it was built.`);
      return bound.value;
    },
    peek: () => bound?.value,
  };
}
