import type { Character } from "#core/accounts/account-store.ts";
import { charStream, locationStream, type NewEvent, WORLD_STREAM } from "#core/events/event.ts";
import type { WorldChange } from "#core/world/world-events.ts";
import type { WorldState } from "#core/world/world-state.ts";
import { clipName } from "#core/world/world-text-rules.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Markup } from "#shared/markup/markup.ts";
import { type CommandContext, type EngineResult, reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";

/** Something a player can name. */
export interface Named {
  readonly id: string;
  readonly name: string;
  readonly aliases?: readonly string[];
}

/** Throws a refusal: the command changes nothing and the player reads `line` (Engine.execute says it). */
export function refuse(line: string): never {
  throw new HoloError("failed_precondition", line);
}

/** The most candidates "Which 'x'?" names. */
export const WHICH_LIMIT = 10;

/**
 * The one item `typed` names: an exact name or alias (any case) wins, else a unique prefix of the name
 * or of any of its words ("lamp" finds "brass lamp").
 * Refuses with "I don't see 'x' here." or "Which 'al'? Alice, Alan.".
 */
export function pick<T extends Named>(items: readonly T[], typed: string, where = "here"): T {
  const wanted = typed.trim().toLowerCase();
  const words = (i: T) => [i.name, ...(i.aliases ?? [])].map((w) => w.toLowerCase());
  const exact = items.filter((i) => words(i).includes(wanted));
  const prefixOf = (i: T) =>
    i.name
      .toLowerCase()
      .split(/\s+/)
      .some((_word, n, all) => all.slice(n).join(" ").startsWith(wanted));
  const found = exact.length > 0 ? exact : items.filter(prefixOf);
  const unique = [...new Map(found.map((i) => [i.id, i])).values()];
  if (unique.length === 1 && unique[0]) return unique[0];
  if (unique.length === 0 || wanted === "") refuse(`I don't see '${typed.trim()}' ${where}.`);
  const names = unique.map((i) => clipName(i.name)).sort((a, b) => a.localeCompare(b));
  const more = names.length > WHICH_LIMIT ? ` and ${names.length - WHICH_LIMIT} more` : "";
  return refuse(`Which '${typed.trim()}'? ${names.slice(0, WHICH_LIMIT).join(", ")}${more}.`);
}

/** Splits "a = b" at the first "="; both sides trimmed, the right one "" when absent. */
export function splitEquals(args: string): [string, string, boolean] {
  const at = args.indexOf("=");
  if (at < 0) return [args.trim(), "", false];
  return [args.slice(0, at).trim(), args.slice(at + 1).trim(), true];
}

/** Splits "name;alias;alias" into a name and aliases. */
export function nameAndAliases(text: string): { name: string; aliases: string[] } {
  const [name = "", ...aliases] = text.split(";").map((s) => s.trim());
  return { name, aliases: aliases.filter((a) => a !== "") };
}

/** Where a character is now: the projection's record, else its account's. */
export function whereIs(state: WorldState, character: Pick<Character, "id" | "locationId">): string {
  return state.characters.get(character.id)?.location ?? character.locationId;
}

/** A character's home: set with `link me = here`, else the start location. */
export function homeOf(state: WorldState, characterId: string, start: string): string {
  const home = state.characters.get(characterId)?.home;
  return home !== undefined && state.locations.has(home) ? home : start;
}

/** The line a player reads when the policies refuse `verb` on a thing: "You may not rename The Lobby." */
export function notYours(verb: string, name: string): string {
  return `You may not ${verb} ${clipName(name)}.`;
}

/** A world event by the acting character. */
export function worldEvent(deps: CommandDeps, ctx: CommandContext, change: WorldChange): NewEvent {
  return deps.event(ctx, WORLD_STREAM, change.type, change.payload);
}

/** The exits of a location, as things a player can name. */
export function exitsIn(state: WorldState, locationId: string) {
  return [...state.exits.values()].filter((x) => x.location === locationId);
}

/** The objects in a location, or held by a character. */
export function objectsIn(state: WorldState, where: { location?: string; holder?: string }) {
  return [...state.objects.values()].filter((o) =>
    where.holder !== undefined ? o.holder === where.holder : o.location === where.location && !o.holder,
  );
}

/** Names of connected characters in a location. */
export async function presentIn(deps: CommandDeps, state: WorldState, locationId: string) {
  return (await deps.presence()).filter((c) => whereIs(state, c) === locationId);
}

/** A result carrying the appended events. */
export const appended = (events: EngineResult["events"], output: readonly Markup[] = []) =>
  reply(output, events);

/** The private stream of a character. */
export const own = (id: string) => charStream(id);

/** The activity stream of a location. */
export const room = (id: string) => locationStream(id);

/** A thing a command names in the world: `here`, an exit here, or an object here or held. */
export type NamedThing = { kind: "location" | "exit" | "object"; id: string; name: string };

/** The thing `typed` names from where the character stands; not_found or ambiguous as `pick` says. */
export function thingHere(state: WorldState, ctx: CommandContext, typed: string): NamedThing {
  const here = whereIs(state, ctx.character);
  if (typed.toLowerCase() === "here")
    return { kind: "location", id: here, name: state.locations.get(here)?.name ?? here };
  const things = [
    ...exitsIn(state, here).map((x) => ({ ...x, kind: "exit" as const })),
    ...objectsIn(state, { location: here }).map((o) => ({ ...o, kind: "object" as const })),
    ...objectsIn(state, { holder: ctx.character.id }).map((o) => ({ ...o, kind: "object" as const })),
  ];
  const thing = pick(things, typed);
  return { kind: thing.kind, id: thing.id, name: thing.name };
}
