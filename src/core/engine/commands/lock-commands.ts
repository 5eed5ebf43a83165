import { lockCharacters, lockCondition, parseLock } from "#core/policy/lock-expression.ts";
import {
  LOCK_FAIL_MAX_LENGTH,
  type LockInfo,
  type LockTarget,
  lockOf,
  lockPolicyId,
  lockPolicyText,
  oneLine,
} from "#core/policy/lock-policy.ts";
import { POLICY_STREAM, type PolicyEventOf } from "#core/policy/policy-library.ts";
import { clipName } from "#core/world/world-text-rules.ts";
import { markup } from "#shared/markup/markup.ts";
import { type Command, type CommandContext, reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { exitsIn, notYours, objectsIn, pick, refuse, splitEquals, whereIs } from "./world-kit.ts";

type Locked = LockTarget & { readonly name: string };

/** lock, lock/fail and unlock: locks on exits (they stop `go`) and objects (they stop `get`). */
export function lockCommands(deps: CommandDeps): Command[] {
  const { library } = deps.permissions;
  const write =
    (ctx: CommandContext): PolicyEventOf =>
    (type, payload) =>
      deps.event(ctx, POLICY_STREAM, type, payload);

  /** The exit here, or object here or held, that `typed` names, once the asker may lock it. */
  const lockable = async (ctx: CommandContext, typed: string): Promise<Locked> => {
    await deps.world.sync();
    const state = deps.world.state();
    const things = [
      ...exitsIn(state, whereIs(state, ctx.character)).map((x) => ({ ...x, kind: "exit" as const })),
      ...objectsIn(state, { location: whereIs(state, ctx.character) }).map((o) => ({
        ...o,
        kind: "object" as const,
      })),
      ...objectsIn(state, { holder: ctx.character.id }).map((o) => ({ ...o, kind: "object" as const })),
    ];
    const { kind, id, name } = pick(things, typed);
    await deps.permissions.require(ctx, "lock", { kind, id }, notYours("lock or unlock", name));
    return { kind, id, name };
  };

  /** Stores `lock` as the policy of `thing`, replacing any lock it had. */
  const store = async (ctx: CommandContext, thing: Locked, lock: LockInfo) => {
    const expr = parseLock(lock.expression);
    const ids = new Map<string, string>();
    for (const name of lockCharacters(expr)) {
      const who = await deps.findCharacter(name);
      if (!who) refuse(`That lock names '${name}', and there is no such character.`);
      ids.set(name, who.id);
    }
    const text = lockPolicyText(thing, lock, lockCondition(expr, ids));
    return library.set(lockPolicyId(thing), text, write(ctx), deps.permissions.keepsAnAdmin(ctx));
  };

  const show = (thing: Locked) => {
    const lock = lockOf(library, thing);
    if (!lock) return reply([markup`${clipName(thing.name)} is not locked.`]);
    const lines = [markup`${clipName(thing.name)} is locked: ${lock.expression}`];
    if (lock.fail) lines.push(markup`Fail message: ${lock.fail}`);
    return reply(lines);
  };

  const setFail = async (ctx: CommandContext, thing: Locked, message: string) => {
    const lock = lockOf(library, thing);
    if (!lock) refuse(`${clipName(thing.name)} is not locked; lock it first.`);
    const fail = oneLine(message);
    if (fail.length > LOCK_FAIL_MAX_LENGTH)
      refuse(`A fail message is at most ${LOCK_FAIL_MAX_LENGTH} characters.`);
    const events = await store(
      ctx,
      thing,
      fail ? { expression: lock.expression, fail } : { expression: lock.expression },
    );
    const name = clipName(thing.name);
    return reply(
      [fail ? markup`${name} has a fail message now.` : markup`${name} has no fail message now.`],
      events,
    );
  };

  return [
    {
      name: "lock",
      aliases: ["@lock"],
      help: "lock <exit|object> = <lock> - let through only whom the lock allows (lock/fail sets the refusal).",
      permission: "play",
      onTarget: "lock",
      run: async (ctx, args, { switches }) => {
        const [what, rest, hasEquals] = splitEquals(args);
        if (!what) refuse("Lock what? lock <exit|object> = <lock>, e.g. flag:member | role:builder");
        const unknown = switches.filter((s) => s !== "fail");
        if (unknown.length > 0) refuse(`lock has no /${unknown[0]} switch; it has /fail.`);
        const thing = await lockable(ctx, what);
        if (switches.includes("fail")) {
          if (!hasEquals) refuse("Usage: lock/fail <exit|object> = <message>");
          return setFail(ctx, thing, rest);
        }
        if (!hasEquals) return show(thing);
        const expression = oneLine(rest);
        const fail = lockOf(library, thing)?.fail;
        const events = await store(ctx, thing, fail ? { expression, fail } : { expression });
        return reply([markup`Locked ${clipName(thing.name)}: ${expression}`], events);
      },
    },
    {
      name: "unlock",
      aliases: ["@unlock"],
      help: "unlock <exit|object> - remove a lock.",
      permission: "play",
      onTarget: "lock",
      run: async (ctx, args) => {
        if (!args) refuse("Unlock what? unlock <exit|object>");
        const thing = await lockable(ctx, args);
        if (!lockOf(library, thing)) refuse(`${clipName(thing.name)} is not locked.`);
        const events = await library.remove(
          lockPolicyId(thing),
          write(ctx),
          deps.permissions.keepsAnAdmin(ctx),
        );
        return reply([markup`Unlocked ${clipName(thing.name)}.`], events);
      },
    },
  ];
}
