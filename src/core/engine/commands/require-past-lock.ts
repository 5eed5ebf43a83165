import { lockFailMessage } from "#core/policy/lock-policy.ts";
import type { PolicyAction } from "#core/policy/policy-engine.ts";
import type { PolicyResource } from "#core/policy/policy-entities.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { CommandContext } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";

/**
 * Decides `action` on a lockable thing; a denial throws HoloError("permission_denied") with the fail message of
 * the lock that stopped the asker (`lock/fail`), else with `line`.
 */
export async function requirePastLock(
  deps: CommandDeps,
  ctx: CommandContext,
  action: PolicyAction,
  resource: PolicyResource,
  line: string,
): Promise<void> {
  const decision = await deps.permissions.decide(ctx, action, resource);
  if (decision.allowed) return;
  throw new HoloError(
    "permission_denied",
    lockFailMessage(deps.permissions.library, decision.policyIds) ?? line,
  );
}
