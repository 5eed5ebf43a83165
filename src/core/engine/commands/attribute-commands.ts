import { attributeName, checkAttributeValue, pluginNamespaceOf } from "#core/world/attribute-rules.ts";
import { checkDescription, clipName } from "#core/world/world-text-rules.ts";
import { markup } from "#shared/markup/markup.ts";
import type { Command, CommandContext, EngineResult } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { attributesOf, thingNamed } from "./thing-named.ts";
import { appended, notYours, refuse, splitEquals, worldEvent } from "./world-kit.ts";

/** `&NAME <target> = <value>` and `@set <target> = NAME:<value>`: attributes; an empty value clears one. */
export function attributeCommands(deps: CommandDeps): Command[] {
  const set = async (
    ctx: CommandContext,
    what: string,
    typed: string,
    value: string,
  ): Promise<EngineResult> => {
    const name = attributeName(typed);
    // Invariant: a plugin's namespace is its own: no character, admins included, sets or clears in it.
    const plugin = pluginNamespaceOf(name, deps.permissions.pluginNamespaces());
    if (plugin !== undefined)
      refuse(`${name} belongs to the ${plugin.toLowerCase()} plugin; only it may change it.`);
    // DESC is the description itself, with its own (look-sized) cap.
    if (name === "DESC") checkDescription(value);
    else if (value !== "") checkAttributeValue(value);
    const { stored, value: line } = await deps.world.change(async (state) => {
      const thing = await thingNamed(deps, state, ctx, what);
      await deps.permissions.require(ctx, "modify", thing, notYours("set attributes on", thing.name));
      const target = clipName(thing.name);
      const { kind, id } = thing;
      if (name === "DESC") {
        const payload = { kind, id, description: value };
        return {
          events: [worldEvent(deps, ctx, { type: "described", payload })],
          value: markup`Described ${target}.`,
        };
      }
      if (value !== "") {
        const payload = { kind, id, name, value };
        const events = [worldEvent(deps, ctx, { type: "attribute_set", payload })];
        return { events, value: markup`Set ${name} on ${target}.` };
      }
      if (attributesOf(state, thing)[name] === undefined)
        return { events: [], value: markup`${target} has no ${name} attribute.` };
      const events = [worldEvent(deps, ctx, { type: "attribute_cleared", payload: { kind, id, name } })];
      return { events, value: markup`Cleared ${name} on ${target}.` };
    });
    return appended(stored, [line]);
  };
  return [
    {
      name: "attribute",
      prefixes: ["&"],
      help: "&<attribute> <target> = <value> (or attribute <attribute> <target> = <value>) - set an attribute on me, here, an exit, an object or a character you may change; an empty value clears it.",
      permission: "play",
      onTarget: "modify",
      run: async (ctx, args) => {
        const [left, value, hasEquals] = splitEquals(args);
        const match = /^(\S+)\s+(.+)$/s.exec(left);
        if (!match || !hasEquals)
          refuse("Usage: &<attribute> <target> = <value> (an empty value clears it).");
        return set(ctx, match?.[2] ?? "", match?.[1] ?? "", value);
      },
    },
    {
      name: "set",
      aliases: ["@set"],
      help: "@set <target> = <attribute>:<value> - set an attribute (as &); an empty value clears it.",
      permission: "play",
      onTarget: "modify",
      run: async (ctx, args) => {
        const [what, right, hasEquals] = splitEquals(args);
        const colon = right.indexOf(":");
        if (!what || !hasEquals || colon < 0)
          refuse("Usage: @set <target> = <attribute>:<value>. Flags are set with: flag <target> = <flag>");
        return set(ctx, what, right.slice(0, colon).trim(), right.slice(colon + 1).trim());
      },
    },
  ];
}
