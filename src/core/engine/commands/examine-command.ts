import { lockOf } from "#core/policy/lock-policy.ts";
import type { WorldState } from "#core/world/world-state.ts";
import { clipDescription, clipName } from "#core/world/world-text-rules.ts";
import { type Markup, markup } from "#shared/markup/markup.ts";
import type { Command } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { attributesOf, thingNamed, type WorldThing } from "./thing-named.ts";

/** What examine reads of one thing beyond its attributes. */
interface Facts {
  readonly owner: string | undefined;
  readonly flags: readonly string[];
  readonly description: string;
  readonly created: number | undefined;
  /** Label and location id: "Location", "Leads to", "Held by" (a character id then). */
  readonly where: readonly (readonly [string, string | undefined, "location" | "character"])[];
  readonly home: string | undefined;
}

/** What the account store knows of a character the world has not seen move yet: when made, and where it is. */
interface CharacterRecord {
  readonly createdAt: number | undefined;
  readonly locationId?: string | undefined;
}

function factsOf(state: WorldState, thing: WorldThing, record: CharacterRecord): Facts {
  const none = {
    owner: undefined,
    flags: [],
    description: "",
    created: undefined,
    where: [],
    home: undefined,
  };
  if (thing.kind === "location") {
    const l = state.locations.get(thing.id);
    return l ? { ...none, ...l, created: l.created } : none;
  }
  if (thing.kind === "exit") {
    const x = state.exits.get(thing.id);
    if (!x) return none;
    const where = [["Location", x.location, "location"] as const, ["Leads to", x.to, "location"] as const];
    return { ...none, ...x, created: x.created, where };
  }
  if (thing.kind === "object") {
    const o = state.objects.get(thing.id);
    if (!o) return none;
    const where = o.holder
      ? [["Held by", o.holder, "character"] as const]
      : [["Location", o.location, "location"] as const];
    return { ...none, ...o, created: o.created, where, home: o.home };
  }
  const c = state.characters.get(thing.id);
  return {
    owner: thing.id,
    flags: c?.flags ?? [],
    description: c?.description ?? "",
    created: record.createdAt,
    where: [["Location", c?.location ?? record.locationId, "location"]],
    home: c?.home,
  };
}

const when = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;

/** examine [target]: everything about a thing for whom the policies let (`examine`); the public part to others. */
export function examineCommand(deps: CommandDeps): Command {
  /** Names of the characters `facts` mentions that the world has not seen move yet, from the account store. */
  const namesOf = async (state: WorldState, facts: Facts): Promise<Map<string, string>> => {
    const ids = [
      facts.owner,
      ...facts.where.filter(([, , kind]) => kind === "character").map(([, id]) => id),
    ];
    const names = new Map<string, string>();
    for (const id of new Set(ids)) {
      if (id === undefined || state.characters.get(id)?.name !== undefined) continue;
      const found = await deps.characterById(id);
      if (found) names.set(id, found.name);
    }
    return names;
  };
  const label = (
    state: WorldState,
    names: ReadonlyMap<string, string>,
    id: string | undefined,
    kind: "location" | "character",
  ): Markup => {
    if (id === undefined) return markup`nowhere`;
    const name =
      kind === "location" ? state.locations.get(id)?.name : (state.characters.get(id)?.name ?? names.get(id));
    return name === undefined ? markup`#${id}` : markup`${clipName(name)} (#${id})`;
  };
  const ownerLine = (
    state: WorldState,
    names: ReadonlyMap<string, string>,
    owner: string | undefined,
  ): Markup =>
    owner === undefined
      ? markup`Owner: the admin`
      : (`${markup`Owner: `}${label(state, names, owner, "character")}` as Markup);
  const full = (
    state: WorldState,
    names: ReadonlyMap<string, string>,
    thing: WorldThing,
    facts: Facts,
  ): Markup[] => {
    const lines = [markup`Type: ${thing.kind}`, ownerLine(state, names, facts.owner)];
    lines.push(markup`Flags: ${facts.flags.length > 0 ? facts.flags.join(" ") : "none"}`);
    for (const [name, id, kind] of facts.where)
      lines.push(`${markup`${name}: `}${label(state, names, id, kind)}` as Markup);
    if (facts.home !== undefined)
      lines.push(`${markup`Home: `}${label(state, names, facts.home, "location")}` as Markup);
    if (facts.created !== undefined && facts.created > 0) lines.push(markup`Created: ${when(facts.created)}`);
    lines.push(markup`Description: ${facts.description ? clipDescription(facts.description) : "none"}`);
    if (thing.kind === "exit" || thing.kind === "object") {
      const lock = lockOf(deps.permissions.library, { kind: thing.kind, id: thing.id });
      if (lock) lines.push(markup`Lock: ${lock.expression}`);
      if (lock?.fail) lines.push(markup`Lock fail message: ${lock.fail}`);
    }
    const attributes = Object.entries(attributesOf(state, thing)).sort(([a], [b]) => (a < b ? -1 : 1));
    if (attributes.length === 0) lines.push(markup`No attributes.`);
    else lines.push(markup`Attributes:`, ...attributes.map(([n, v]) => markup`  ${n}: ${v}`));
    return lines;
  };
  return {
    name: "examine",
    aliases: ["ex", "@examine"],
    help: "examine [<target>] (or ex) - everything about a thing or character you own (admins: any); the public part of the rest.",
    permission: "play",
    onTarget: "examine",
    run: async (ctx, args) => {
      await deps.world.sync();
      const state = deps.world.state();
      const thing = await thingNamed(deps, state, ctx, args || "here");
      const who = { id: ctx.character.id, role: ctx.role, createdAt: ctx.character.createdAt };
      // explain, not decide: a public examine is no refusal worth an audit record.
      const allowed = (await deps.permissions.explain(who, "examine", thing)).allowed;
      const record: CharacterRecord =
        thing.kind !== "character"
          ? { createdAt: undefined, locationId: undefined }
          : thing.id === ctx.character.id
            ? ctx.character
            : await deps.permissions.principal(thing.id);
      const facts = factsOf(state, thing, record);
      const names = await namesOf(state, facts);
      const head = markup`%[bold]${clipName(thing.name)}%[/] (#${thing.id})`;
      if (allowed) return { output: [head, ...full(state, names, thing, facts)], events: [], detach: false };
      const description = facts.description
        ? markup`${clipDescription(facts.description)}`
        : markup`You see nothing special.`;
      return { output: [head, ownerLine(state, names, facts.owner), description], events: [], detach: false };
    },
  };
}
