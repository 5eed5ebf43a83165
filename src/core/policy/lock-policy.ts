import { HoloError } from "#shared/errors/holo-error.ts";
import { loadCedar } from "./cedar-wasm.ts";
import type { PolicyAction } from "./policy-engine.ts";

/** What a lock can be put on: an exit (it stops `go`) or an object (it stops `get`). */
export interface LockTarget {
  readonly kind: "exit" | "object";
  readonly id: string;
}

/** A lock as stored in its policy's annotations: the expression as typed, and its fail message. */
export interface LockInfo {
  readonly expression: string;
  readonly fail?: string;
}

/** The longest fail message, in characters. */
export const LOCK_FAIL_MAX_LENGTH = 300;

/** The action a lock stops on its kind of target. */
export const lockedAction: Readonly<Record<LockTarget["kind"], PolicyAction>> = {
  exit: "enter",
  object: "take",
};
const entityType = { exit: "Exit", object: "Thing" } as const;
const POLICY_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** The id of the one policy that is `target`'s lock: `lock-exit-<id>` or `lock-object-<id>`. */
export function lockPolicyId(target: LockTarget): string {
  const id = `lock-${target.kind}-${target.id.toLowerCase()}`;
  if (!POLICY_ID.test(id))
    throw new HoloError("invalid_argument", "That cannot be locked: its id is unusual.");
  return id;
}

/** One line of printable text: control characters dropped, runs of blanks made one space. */
export function oneLine(text: string): string {
  return text
    .replace(/\p{Cc}/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The Cedar text of a lock: a `forbid` of the locked action on this one resource unless `condition` holds,
 * so deny wins over every permit. The expression and fail message ride along as annotations.
 */
export function lockPolicyText(target: LockTarget, lock: LockInfo, condition: string): string {
  const note = (name: string, value: string) => `@${name}(${JSON.stringify(oneLine(value))})\n`;
  return [
    note("id", lockPolicyId(target)),
    note("lock", lock.expression),
    lock.fail ? note("fail", lock.fail) : "",
    `forbid (\n  principal,\n  action == Action::"${lockedAction[target.kind]}",\n`,
    `  resource == ${entityType[target.kind]}::${JSON.stringify(target.id)}\n)\nunless { ${condition} };`,
  ].join("");
}

/** The lock a policy text holds, from its `@lock` and `@fail` annotations; undefined for any other policy. */
export function readLock(text: string): LockInfo | undefined {
  const json = loadCedar().policyToJson(text);
  const notes = json.type === "success" ? json.json.annotations : undefined;
  const expression = notes?.lock;
  if (typeof expression !== "string") return undefined;
  const fail = notes?.fail;
  return typeof fail === "string" && fail !== "" ? { expression, fail } : { expression };
}

/** Where policy texts are read from (the policy library). */
export interface PolicyTextSource {
  show(id: string): string | undefined;
}

/** The lock on `target`, or undefined. */
export function lockOf(policies: PolicyTextSource, target: LockTarget): LockInfo | undefined {
  const text = policies.show(lockPolicyId(target));
  return text === undefined ? undefined : readLock(text);
}

/** The fail message of the first lock among `policyIds` (a denial's deciding policies) that has one. */
export function lockFailMessage(
  policies: PolicyTextSource,
  policyIds: readonly string[],
): string | undefined {
  for (const id of policyIds) {
    if (!id.startsWith("lock-")) continue;
    const text = policies.show(id);
    const fail = text === undefined ? undefined : readLock(text)?.fail;
    if (fail) return fail;
  }
  return undefined;
}
