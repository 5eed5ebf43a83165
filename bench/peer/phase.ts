// What a phase of the comparison is: it runs loadgen (or the resume measurement) against one server and
// reduces the JSON to a few named figures.
import type { LoadgenContext } from "./loadgen-runner.ts";
import type { ServerUnderTest } from "./processes.ts";
import type { PhaseName, PhaseSizes } from "./sizes.ts";

/** One figure of a phase; `better` says which way a ratio is good. */
export interface FigureSpec {
  readonly key: string;
  readonly label: string;
  readonly better: "lower" | "higher";
}

/** A phase's figures for one server; null when the run did not produce it. */
export type Figures = Readonly<Record<string, number | null>>;

/** A phase: what it reports and how to run it. */
export interface Phase {
  readonly name: PhaseName;
  readonly figures: readonly FigureSpec[];
  /** How many characters (Lg0000…) must exist before it runs; 0 for a phase that makes its own. */
  characters(sizes: PhaseSizes): number;
  run(ctx: LoadgenContext, server: ServerUnderTest, sizes: PhaseSizes): Promise<Figures>;
}

/** Reads a number at a dotted path of loadgen's JSON. */
export function at(json: unknown, path: string): number | null {
  let v: unknown = json;
  for (const key of path.split("."))
    v = v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** Reads each figure at its dotted path of loadgen's JSON. */
export function pick(json: unknown, paths: Readonly<Record<string, string>>): Figures {
  return Object.fromEntries(Object.entries(paths).map(([key, path]) => [key, at(json, path)]));
}

/**
 * loadgen flags for a plain `connect` (the characters were made before the phase, see characters.ts), with
 * no more logins in flight than HoloMUSH's per-address login budget (20): each holds a token until its
 * password is verified, and every client comes from 127.0.0.1. Logins get 60 s, since these phases measure
 * what follows the login: an argon2id verify with 20 in flight on a busy 2-core machine can pass 15 s.
 */
export const plainConnect = (sizes: PhaseSizes) => [
  ...["--login-order", "connect", "--login-concurrency", String(sizes.loginConcurrency)],
  ...["--login-timeout", "60000"],
];
/** Milliseconds to seconds, keeping null. */
export const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);
