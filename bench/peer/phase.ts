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

/** loadgen flags for a plain `connect`: the characters were made before the phase (see characters.ts). */
export const plainConnect = ["--login-order", "connect"] as const;

/**
 * For phases that hold connections rather than time logins: a HoloMUSH login is an argon2id verify, and with
 * 20 in flight on a busy 2-core machine one can wait past loadgen's 15 s default, which would count as a failure.
 */
export const patientLogin = ["--login-timeout", "60000"] as const;
/** Milliseconds to seconds, keeping null. */
export const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);
