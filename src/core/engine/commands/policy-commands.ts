import { type PolicyTextSource, readLock } from "#core/policy/lock-policy.ts";
import type { PolicyAction } from "#core/policy/policy-engine.ts";
import type { PolicyResource } from "#core/policy/policy-entities.ts";
import { POLICY_STREAM, type PolicyEventOf } from "#core/policy/policy-library.ts";
import type { WorldState } from "#core/world/world-state.ts";
import { clipName } from "#core/world/world-text-rules.ts";
import { markup, playerText } from "#shared/markup/markup.ts";
import { type Command, type CommandContext, reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { findLocation } from "./build-commands.ts";
import { exitsIn, objectsIn, refuse, splitEquals, whereIs } from "./world-kit.ts";

const usage = [
  markup`policy list - every policy in force, and whether it is a default one.`,
  markup`policy show <id> - a policy's Cedar text.`,
  markup`policy add <id> = <cedar> - add or replace a policy (checked against the schema first).`,
  markup`policy remove <id> - remove a policy, a default one too.`,
  markup`policy test <character> <action> <target> - what the policies decide, and which decided it.`,
];

/** The resource `typed` names for `policy test`: game, here, a room anywhere, an exit or object here, a character. */
async function testTarget(
  deps: CommandDeps,
  state: WorldState,
  ctx: CommandContext,
  typed: string,
): Promise<PolicyResource> {
  const word = typed.toLowerCase();
  if (word === "game") return { kind: "game" };
  const [kind, name = ""] = word.includes(":") ? typed.split(/:(.*)/s) : ["", typed];
  if (kind === "channel") return { kind: "channel", name };
  if (kind === "plugin") return { kind: "plugin", name };
  const here = whereIs(state, ctx.character);
  const things = [
    ...exitsIn(state, here).map((x) => ({ ...x, kind: "exit" as const })),
    ...objectsIn(state, { location: here }).map((o) => ({ ...o, aliases: [], kind: "object" as const })),
  ];
  const character = await deps.findCharacter(typed);
  if (character) return { kind: "character", id: character.id };
  const exact = things.filter(
    (t) => t.name.toLowerCase() === word || (t.aliases as readonly string[]).includes(word),
  );
  if (exact[0]) return { kind: exact[0].kind, id: exact[0].id };
  return { kind: "location", id: findLocation(state, typed, here) };
}

/** For `policy test`: each lock among the deciding policies, with what it is on and its expression. */
function lockLines(
  policies: PolicyTextSource,
  state: WorldState,
  resource: PolicyResource,
  policyIds: readonly string[],
) {
  const on =
    resource.kind === "exit"
      ? state.exits.get(resource.id)?.name
      : resource.kind === "object"
        ? state.objects.get(resource.id)?.name
        : undefined;
  return policyIds.flatMap((id) => {
    const text = id.startsWith("lock-") ? policies.show(id) : undefined;
    const lock = text === undefined ? undefined : readLock(text);
    return lock ? [markup`${id} is the lock of ${clipName(on ?? "something")}: ${lock.expression}`] : [];
  });
}

/** `policy list|show|add|remove|test`: the permission policies, for admins. */
export function policyCommand(deps: CommandDeps): Command {
  const { library } = deps.permissions;
  const write =
    (ctx: CommandContext): PolicyEventOf =>
    (type, payload) =>
      deps.event(ctx, POLICY_STREAM, type, payload);
  const sub: Record<string, (ctx: CommandContext, rest: string) => Promise<ReturnType<typeof reply>>> = {
    async list() {
      const rows = library.list().map((p) => markup`  ${p.id.padEnd(40)} ${p.origin}`);
      return reply([markup`Policies in force (${rows.length}):`, ...rows]);
    },
    async show(_ctx, id) {
      const text = library.show(id) ?? refuse(`There is no policy called "${id}".`);
      return reply([playerText(text, { newlines: true })]);
    },
    async add(ctx, rest) {
      const [id, text, hasEquals] = splitEquals(rest);
      if (!id || !hasEquals || !text) refuse("Usage: policy add <id> = <cedar policy>");
      const events = await library.set(id, text, write(ctx), deps.permissions.keepsAnAdmin(ctx));
      return reply([markup`Policy ${id} is in force.`], events);
    },
    async remove(ctx, id) {
      const events = await library.remove(id, write(ctx), deps.permissions.keepsAnAdmin(ctx));
      return reply([markup`Policy ${id} is removed.`], events);
    },
    async test(ctx, rest) {
      const match = /^(\S+)\s+(\S+)\s+(.+)$/s.exec(rest);
      if (!match) refuse("Usage: policy test <character> <action> <target>");
      const [, name = "", action = "", target = ""] = match;
      const who = (await deps.findCharacter(name)) ?? refuse(`There is no character called '${name}'.`);
      const principal = await deps.permissions.principal(who.id);
      await deps.world.sync();
      const resource = await testTarget(deps, deps.world.state(), ctx, target);
      const decision = await deps.permissions.explain(principal, action as PolicyAction, resource);
      return reply([
        markup`${who.name} ${action} ${target}: ${decision.allowed ? "allowed" : "denied"}.`,
        markup`Why: ${decision.reason}.`,
        ...lockLines(library, deps.world.state(), resource, decision.policyIds),
      ]);
    },
  };
  return {
    name: "policy",
    aliases: ["@policy"],
    help: "policy list|show|add|remove|test - the permission policies (admins only); type 'policy' alone for more.",
    permission: "manage_policies",
    audit: (args) => (/^(add|remove)\s/i.test(args) ? args : undefined),
    async run(ctx, args) {
      const match = /^(\S+)\s*(.*)$/s.exec(args);
      const verb = (match?.[1] ?? "").toLowerCase();
      const handler = Object.hasOwn(sub, verb) ? sub[verb] : undefined;
      const rest = (match?.[2] ?? "").trim();
      if (!handler || (rest === "" && verb !== "list")) return reply(usage);
      return handler(ctx, rest);
    },
  };
}
