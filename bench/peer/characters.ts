// Characters Lg0000… are created before a phase measures anything, so every measured login is a plain
// `connect`. Creating them on the fly (`connect` first, then `register`) would spend HoloMUSH's per-address
// login budget on failed connects, and later logins from the same address would then be refused.
import { type LoadgenContext, runLoadgen } from "./loadgen-runner.ts";
import { at } from "./phase.ts";
import type { ServerUnderTest } from "./processes.ts";

const created = new WeakMap<ServerUnderTest, number>();

/** Records that characters 0..count-1 exist on `server` (the logins phase made them). */
export function noteCharactersExist(server: ServerUnderTest, count: number): void {
  created.set(server, Math.max(created.get(server) ?? 0, count));
}

/** Makes sure characters 0..count-1 exist on `server`, creating only the ones this run has not made yet. */
export async function ensureCharacters(
  ctx: LoadgenContext,
  server: ServerUnderTest,
  count: number,
  maxSeconds: number,
): Promise<void> {
  const have = created.get(server) ?? 0;
  if (have >= count) return;
  const { json } = await runLoadgen(ctx, server, {
    label: `accounts-${have}-${count}`,
    scenario: "accounts",
    maxSeconds,
    args: [
      ...["--clients", String(count - have), "--name-offset", String(have), "--login-concurrency", "20"],
      ...["--login-order", `${server.createStep},connect`, "--fail-fast", "0", "--login-timeout", "60000"],
    ],
  });
  // Only a complete run moves the mark: a gap would make later phases' plain connects fail.
  if (at(json, "results.ok") === count - have) noteCharactersExist(server, count);
}
