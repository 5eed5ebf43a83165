/**
 * A tiny set of payload checks, each a function that says what is wrong with a value (or nothing), and carries
 * the TypeScript type of a value that passes. Hand-written so the schema needs no runtime dependency; a check
 * never throws and allocates only when it reports a problem, so checking a payload costs little on the hot path.
 */

/** How a check treats object keys the schema does not name. */
export type ExtraKeys = "reject" | "ignore";

/** Checks one value: undefined when it is a T, else what is wrong with it. */
export interface Check<T> {
  (value: unknown, extra: ExtraKeys): string | undefined;
  /** The shape in a line, for docs/events.md: `string`, `{ name: string, to?: string }`. */
  readonly doc: string;
  /** Never set: the type of a value that passes, for `Checked`. */
  readonly type?: T;
}

/** The type a check lets through. */
export type Checked<C> = C extends Check<infer T> ? T : never;

/** Named checks, one per key. */
export type Shape = Readonly<Record<string, Check<unknown>>>;

type Flat<T> = { [K in keyof T]: T[K] } & {};

/** The object type of `required` keys and `optional` ones. */
export type ObjectOf<R extends Shape, O extends Shape> = Flat<
  { readonly [K in keyof R]: Checked<R[K]> } & { readonly [K in keyof O]?: Checked<O[K]> }
>;

/** `problem` found at `path`: ".a" + ".b is missing", or "[0]" + " not a string". */
export const at = (path: string, problem: string): string =>
  problem.startsWith(".") || problem.startsWith("[") ? `${path}${problem}` : `${path} ${problem}`;

const check = <T>(doc: string, test: (value: unknown, extra: ExtraKeys) => string | undefined): Check<T> =>
  Object.assign(test, { doc }) as Check<T>;

/** Any string. */
export const str: Check<string> = check("string", (v) =>
  typeof v === "string" ? undefined : "not a string",
);

/** true or false. */
export const bool: Check<boolean> = check("boolean", (v) =>
  typeof v === "boolean" ? undefined : "not true or false",
);

/** A whole number from 0 up (a count, a time in milliseconds). */
export const count: Check<number> = check("count", (v) =>
  Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : "not a whole number from 0 up",
);

/** One of the given strings. */
export function oneOf<const T extends string>(...values: readonly T[]): Check<T> {
  const allowed: ReadonlySet<unknown> = new Set(values);
  const doc = values.map((x) => JSON.stringify(x)).join(" | ");
  return check(doc, (v) => (allowed.has(v) ? undefined : `not one of ${values.join(", ")}`));
}

/** An array whose every entry passes `item`. */
export function arrayOf<T>(item: Check<T>): Check<readonly T[]> {
  return check(`${item.doc}[]`, (v, extra) => {
    if (!Array.isArray(v)) return "not an array";
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], extra);
      if (problem !== undefined) return at(`[${i}]`, problem);
    }
    return undefined;
  });
}

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * An object with every `required` key and any of the `optional` ones. Other keys are refused with
 * `extra: "reject"` (a writer's typo is a bug) and passed over with `"ignore"` (a reader of a newer writer).
 */
export function object<R extends Shape, O extends Shape = Record<never, never>>(
  required: R,
  optional: O = {} as O,
): Check<ObjectOf<R, O>> {
  const requiredKeys = Object.keys(required);
  const optionalKeys = Object.keys(optional);
  const fields = [
    ...requiredKeys.map((k) => `${k}: ${required[k]?.doc}`),
    ...optionalKeys.map((k) => `${k}?: ${optional[k]?.doc}`),
  ];
  return check(fields.length === 0 ? "{}" : `{ ${fields.join(", ")} }`, (v, extra) => {
    if (!isJsonObject(v)) return "not an object";
    // Invariant: a key holding undefined counts as absent, as JSON (and so the store) drops it.
    for (const key of requiredKeys) {
      if (v[key] === undefined) return `.${key} is missing`;
      const problem = required[key]?.(v[key], extra);
      if (problem !== undefined) return at(`.${key}`, problem);
    }
    for (const key of optionalKeys) {
      if (v[key] === undefined) continue;
      const problem = optional[key]?.(v[key], extra);
      if (problem !== undefined) return at(`.${key}`, problem);
    }
    if (extra === "reject") {
      for (const key in v) {
        if (v[key] !== undefined && !Object.hasOwn(required, key) && !Object.hasOwn(optional, key))
          return `.${key} is not expected`;
      }
    }
    return undefined;
  });
}
