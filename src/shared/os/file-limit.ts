/** A limit as the kernel reports it; `unlimited` is RLIM_INFINITY. */
export type LimitValue = number | "unlimited";

/** The soft and hard RLIMIT_NOFILE of this process. */
export interface Rlimit {
  readonly soft: LimitValue;
  readonly hard: LimitValue;
}

/** The two system calls, passed in so the decision can be tested without touching the process. */
export interface RlimitCalls {
  /** The current limit, or undefined when the call failed. */
  get(): Rlimit | undefined;
  /** Sets both limits; false when the kernel refused. */
  set(limit: Rlimit): boolean;
}

/** What `raiseFileLimit` found and did, for the status output and the start-up log. */
export interface FileLimit {
  /** The soft limit now in force: the most files and sockets this process can hold open. */
  readonly soft: LimitValue | null;
  readonly hard: LimitValue | null;
  /** The soft limit before it was raised, when it was. */
  readonly raisedFrom?: LimitValue;
  /** One sentence an operator can read. */
  readonly note: string;
}

/**
 * A soft limit of RLIM_INFINITY is refused for RLIMIT_NOFILE (the kernel caps it at fs.nr_open, 1,048,576
 * by default), so an unlimited hard limit raises the soft one to that default cap.
 */
const infiniteHardTarget = 1_048_576;

const fmt = (v: LimitValue) => (v === "unlimited" ? "unlimited" : String(v));

/**
 * Raises the soft RLIMIT_NOFILE to the hard one, since every connection costs a descriptor and distributions
 * start services at 1,024. Never throws: without the calls, or when the kernel refuses, it reports why.
 */
export function raiseFileLimit(calls: RlimitCalls | undefined): FileLimit {
  if (!calls) return { soft: null, hard: null, note: "open-file limit unknown on this platform" };
  const before = calls.get();
  if (!before) return { soft: null, hard: null, note: "open-file limit could not be read" };
  const target: LimitValue = before.hard === "unlimited" ? infiniteHardTarget : before.hard;
  if (before.soft === "unlimited" || before.soft >= target)
    return { ...before, note: `open files: ${fmt(before.soft)} (hard limit ${fmt(before.hard)})` };
  if (!calls.set({ soft: target, hard: before.hard }))
    return {
      ...before,
      note: `open files: ${fmt(before.soft)}; raising it to ${fmt(target)} was refused`,
    };
  const after = calls.get() ?? { soft: target, hard: before.hard };
  return {
    ...after,
    raisedFrom: before.soft,
    note: `open files: ${fmt(after.soft)} (raised from ${fmt(before.soft)}; hard limit ${fmt(after.hard)})`,
  };
}
