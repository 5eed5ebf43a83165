import type { NewEvent } from "#core/events/event.ts";
import { lockFailMessage } from "#core/policy/lock-policy.ts";
import type { PolicyAction } from "#core/policy/policy-engine.ts";
import type { PolicyResource } from "#core/policy/policy-entities.ts";
import type { WorldState } from "#core/world/world-state.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import { formattedText } from "#shared/markup/format-text.ts";
import { type Markup, playerText } from "#shared/markup/markup.ts";
import type { CommandContext } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { attributeMessage, formatFor } from "./attribute-text.ts";
import { attributesOf } from "./thing-named.ts";
import { room, whereIs } from "./world-kit.ts";

/** The fail message of the lock that stopped the asker (`lock/fail`), else `line`. */
async function lockDenial(
  deps: CommandDeps,
  ctx: CommandContext,
  action: PolicyAction,
  resource: PolicyResource,
  line: string,
): Promise<string | undefined> {
  const decision = await deps.permissions.decide(ctx, action, resource);
  if (decision.allowed) return undefined;
  return lockFailMessage(deps.permissions.library, decision.policyIds) ?? line;
}

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
  const denied = await lockDenial(deps, ctx, action, resource, line);
  if (denied !== undefined) throw new HoloError("permission_denied", denied);
}

/** What a refused pass gives: the line the asker reads and the events the others see (OFAIL). */
export interface LockRefusal {
  readonly line: Markup;
  readonly events: NewEvent[];
}

/**
 * Decides `action` on an exit or object, undefined when allowed. When refused, the asker reads the thing's FAIL
 * attribute (substituted) if set, else the lock's fail message, else `line`; the room reads its OFAIL.
 */
export async function pastLock(
  deps: CommandDeps,
  ctx: CommandContext,
  state: WorldState,
  action: PolicyAction,
  thing: { kind: "exit" | "object"; id: string },
  line: string,
): Promise<LockRefusal | undefined> {
  const denied = await lockDenial(deps, ctx, action, thing, line);
  if (denied === undefined) return undefined;
  const fail = attributesOf(state, thing).FAIL;
  return {
    line: fail ? formattedText(formatFor(state, ctx, fail)) : playerText(denied),
    events: attributeMessage(deps, ctx, state, thing, "OFAIL", room(whereIs(state, ctx.character))),
  };
}
