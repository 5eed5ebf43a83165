import type { NewEvent } from "#core/events/event.ts";
import type { WorldState } from "#core/world/world-state.ts";
import { type Substitutions, substitute } from "#shared/markup/format-text.ts";
import { pronounSet } from "#shared/markup/pronouns.ts";
import type { CommandContext } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { attributesOf, type WorldThing } from "./thing-named.ts";

/** The substitutions for a character acting: its name, and pronouns from its PRONOUNS or SEX attribute. */
export function substitutionsFor(state: WorldState, who: { id: string; name: string }): Substitutions {
  const attributes = state.characters.get(who.id)?.attributes ?? {};
  return { name: who.name, pronouns: pronounSet(attributes.PRONOUNS ?? attributes.SEX) };
}

/** `text` with the acting character's %-substitutions applied: formatted text for an event's payload. */
export function formatFor(state: WorldState, ctx: CommandContext, text: string): string {
  return substitute(text, substitutionsFor(state, ctx.character));
}

/**
 * The `attribute_message` event of a conventional attribute (SUCC, OSUCC, …) set on `thing`, substituted for the
 * acting character, on `stream`; nothing when the attribute is unset or empty.
 */
export function attributeMessage(
  deps: CommandDeps,
  ctx: CommandContext,
  state: WorldState,
  thing: Pick<WorldThing, "kind" | "id">,
  attribute: string,
  stream: string,
): NewEvent[] {
  const text = attributesOf(state, thing)[attribute];
  if (!text) return [];
  const payload = { name: ctx.character.name, attribute, text: formatFor(state, ctx, text) };
  return [deps.event(ctx, stream, "attribute_message", payload)];
}
