import type { AccountStore } from "#core/accounts/account-store.ts";
import type { StoredEvent } from "#core/events/event.ts";
import type { EventStore } from "#core/events/event-store.ts";
import type { ShutdownSchedule } from "#core/moderation/shutdown-schedule.ts";
import { AUDIT_STREAM } from "#core/policy/permissions.ts";
import { describeError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { markup, playerText } from "#shared/markup/markup.ts";
import type { Timers } from "#shared/util/timers.ts";
import { type Command, type CommandContext, reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { refuse, splitEquals } from "./world-kit.ts";

/** The stream every session follows: announcements to everyone. */
export const WALL_STREAM = "wall";

/** The longest shutdown delay `@shutdown` takes, in seconds (a day). */
const MAX_SHUTDOWN_SECONDS = 86_400;
/** The delay of `@shutdown` with none given. */
const DEFAULT_SHUTDOWN_SECONDS = 60;
/** The most audit lines one `audit` shows, and how far back it looks. */
const AUDIT_MAX_LINES = 200;
const AUDIT_LOOKBACK = 2_000;

/** What @wall, @shutdown, @reboot and audit need beyond the command deps. */
export interface StaffCommandDeps {
  readonly shutdown: ShutdownSchedule;
  /** Asks the core to stop gracefully; with `restart`, to start again at once (the gateway keeps everyone). */
  readonly stop: (restart: boolean) => void;
  readonly events: Pick<EventStore, "readStreams">;
  readonly accounts: Pick<AccountStore, "getCharacter">;
  readonly timers: Timers;
  readonly log: Logger;
}

/** @wall, @shutdown (with /cancel), @reboot and audit: what staff use to run the game. */
export function staffCommands(cd: CommandDeps, deps: StaffCommandDeps): Command[] {
  const notice = (ctx: CommandContext, payload: Parameters<typeof noticeEvent>[2]) =>
    cd.append([noticeEvent(cd, ctx, payload)]);
  // A countdown step runs from a timer, not a command: a failure is logged, and the stop still happens.
  const later = (what: string, p: Promise<unknown>) =>
    p.catch((error: unknown) => deps.log.warn(`${what} failed`, { error: describeError(error) }));

  function schedule(ctx: CommandContext, seconds: number, message: string) {
    const name = ctx.character.name;
    deps.shutdown.schedule(seconds, {
      announce: (left) => void later("shutdown countdown", notice(ctx, { name, seconds: left, message })),
      fire: () =>
        void later("shutdown notice", notice(ctx, { name, seconds: 0, message })).finally(() =>
          deps.stop(false),
        ),
    });
  }

  return [
    {
      name: "wall",
      aliases: ["@wall"],
      help: "@wall <text> - announce to every connection; @wall/pose <action> as a pose (admins only).",
      permission: "wall",
      audit: (args) => args,
      async run(ctx, args, { switches }) {
        if (!args) refuse("Announce what? @wall <text>");
        const pose = switches.includes("pose");
        const payload = { name: ctx.character.name, text: args, ...(pose ? { pose } : {}) };
        return reply([], await cd.append([cd.event(ctx, WALL_STREAM, "wall", payload)]));
      },
    },
    {
      name: "shutdown",
      aliases: ["@shutdown"],
      help: "@shutdown [<seconds>] [= <message>] - stop the game after a countdown told to everyone; @shutdown/cancel calls it off (admins only).",
      permission: "shutdown",
      audit: (args) => args,
      async run(ctx, args, { switches }) {
        if (switches.includes("cancel")) {
          if (!deps.shutdown.cancel()) refuse("No shutdown is pending.");
          const name = ctx.character.name;
          return reply([], await notice(ctx, { name, seconds: 0, message: "", cancelled: true }));
        }
        const [delay, message] = splitEquals(args);
        const seconds = delay === "" ? DEFAULT_SHUTDOWN_SECONDS : Number(delay);
        if (!/^\d*$/.test(delay) || !Number.isInteger(seconds) || seconds > MAX_SHUTDOWN_SECONDS)
          refuse(`Usage: @shutdown [<seconds, at most ${MAX_SHUTDOWN_SECONDS}>] [= <message>]`);
        const stored = await notice(ctx, { name: ctx.character.name, seconds, message });
        schedule(ctx, seconds, message);
        return reply([], stored);
      },
    },
    {
      name: "reboot",
      aliases: ["@reboot"],
      help: "@reboot [<message>] - restart the core now; everyone stays connected (admins only).",
      permission: "shutdown",
      audit: (args) => args,
      async run(ctx, args) {
        deps.shutdown.cancel();
        const stored = await notice(ctx, {
          name: ctx.character.name,
          seconds: 0,
          message: args,
          reboot: true,
        });
        // After this command's answer is on its way: the core then drains and starts again.
        deps.timers.after(0, () => deps.stop(true));
        return reply([], stored);
      },
    },
    auditCommand(deps),
  ];
}

function noticeEvent(
  cd: CommandDeps,
  ctx: CommandContext,
  payload: { name: string; seconds: number; message: string; cancelled?: boolean; reboot?: boolean },
) {
  return cd.event(ctx, WALL_STREAM, "shutdown_notice", payload);
}

/** `audit [<n>|<who>]`, `audit/all`: the newest staff actions (with /all, the kept permission decisions too). */
function auditCommand(deps: StaffCommandDeps): Command {
  const nameOf = async (id: string, names: Map<string, string>) => {
    if (!names.has(id)) names.set(id, (await deps.accounts.getCharacter(id))?.name ?? id);
    return names.get(id) ?? id;
  };
  const line = async (e: StoredEvent, names: Map<string, string>) => {
    const at = new Date(e.timestamp).toISOString().slice(0, 16).replace("T", " ");
    const who = e.actor.kind === "character" ? await nameOf(e.actor.id, names) : e.actor.kind;
    const p = e.payload as Record<string, unknown>;
    const what =
      e.type === "staff_action"
        ? `${String(p.command)} ${String(p.args)}`
        : `${p.allowed ? "allowed" : "denied"} ${String(p.action)} on ${String(p.resource)}`;
    return markup`${at} ${who}: ${what.trim()}`;
  };
  return {
    name: "audit",
    aliases: ["@audit"],
    help: "audit [<n>|<character>] - the newest staff actions (20 by default); audit/all adds kept permission decisions (admins only).",
    permission: "read_audit",
    async run(_ctx, args, { switches }) {
      const count = /^\d+$/.test(args) ? Math.min(Number(args), AUDIT_MAX_LINES) : 20;
      const who = args !== "" && !/^\d+$/.test(args) ? args.toLowerCase() : undefined;
      const all = switches.includes("all");
      const recent = await deps.events.readStreams({ [AUDIT_STREAM]: 0 }, AUDIT_LOOKBACK, { newest: true });
      const names = new Map<string, string>();
      const lines = [];
      for (const e of recent.reverse()) {
        if (lines.length >= count) break;
        if (!all && e.type !== "staff_action") continue;
        if (who !== undefined && (await nameOf(e.actor.id, names)).toLowerCase() !== who) continue;
        lines.push(await line(e, names));
      }
      if (lines.length === 0) return reply([playerText(`No audit entries${who ? ` by ${args}` : ""}.`)]);
      return reply([markup`Audit, newest first (${lines.length}):`, ...lines]);
    },
  };
}
