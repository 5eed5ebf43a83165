import { DOING_MAX_CHARS, presenceStream, type TimestampMode } from "#core/sessions/character-activity.ts";
import { clipName } from "#core/world/world-text-rules.ts";
import { type Markup, markup } from "#shared/markup/markup.ts";
import { type Command, reply } from "../command.ts";
import type { CommandDeps, PresentCharacter } from "../command-deps.ts";
import { idleFor, onFor, utcTime, whoRow } from "./presence-format.ts";
import { refuse } from "./world-kit.ts";

/** The most logins and logouts `last` shows. */
export const LAST_COUNT = 10;

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
const countLine = (n: number) => markup`${n === 1 ? "1 character is" : `${n} characters are`} connected.`;

/** Control and invisible formatting characters: a doing text is one plain line. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** who (WHO, +who), doing, idle, finger, last and timestamps: who is on, for how long, and what they are doing. */
export function presenceCommands(deps: CommandDeps): Command[] {
  const connected = async (): Promise<PresentCharacter[]> => {
    const seen = new Map((await deps.presence()).map((c) => [c.id, c]));
    return [...seen.values()].sort(byName);
  };
  const connectedNamed = async (typed: string) => {
    const found = await deps.findCharacter(typed);
    if (!found) refuse(`There is no character called '${typed}'.`);
    return { found, online: (await connected()).some((c) => c.id === found.id) };
  };
  return [
    {
      name: "who",
      aliases: ["+who"],
      help: "who (or WHO, +who) - list the characters connected now: how long on, idle, and what they are doing.",
      permission: "play",
      async run() {
        const people = await connected();
        const now = deps.clock.now();
        const activity = await deps.activity.of(people.map((c) => c.id));
        const rows = people.map((c) => {
          const a = activity.get(c.id);
          const on = a ? onFor(now - a.connectedAt) : "";
          const idle = a ? idleFor(now - a.activeAt) : "";
          return markup`${whoRow(clipName(c.name), on, idle, a?.doing ?? "")}`;
        });
        return reply([
          markup`${whoRow("Player Name", "On For", "Idle", "Doing")}`,
          ...rows,
          countLine(people.length),
        ]);
      },
    },
    {
      name: "doing",
      aliases: ["@doing"],
      help: `doing [<text>] - set what 'who' shows you doing (at most ${DOING_MAX_CHARS} characters); doing alone clears it.`,
      permission: "play",
      async run(ctx, args) {
        if (args.length > DOING_MAX_CHARS)
          refuse(`That is too long: a doing holds at most ${DOING_MAX_CHARS} characters.`);
        if (UNPRINTABLE.test(args)) refuse("A doing is one line of plain text.");
        const stream = presenceStream(ctx.character.id);
        const events = await deps.append([deps.event(ctx, stream, "doing_set", { text: args })]);
        deps.activity.doingSet(ctx.character.id, args);
        return reply([args ? markup`Doing: ${args}` : markup`Your doing is cleared.`], events);
      },
    },
    {
      name: "idle",
      help: "idle [<character>] - how long each character connected (or one) has typed nothing.",
      permission: "play",
      async run(_ctx, args) {
        const now = deps.clock.now();
        const people = args ? [(await connectedNamed(args)).found] : await connected();
        const activity = await deps.activity.of(people.map((c) => c.id));
        if (args && !activity.has(people[0]?.id ?? "")) refuse(`${clipName(args)} is not connected.`);
        return reply(
          people.flatMap((c) => {
            const a = activity.get(c.id);
            return a ? [markup`${clipName(c.name)} has been idle for ${idleFor(now - a.activeAt)}.`] : [];
          }),
        );
      },
    },
    {
      name: "finger",
      aliases: ["+finger"],
      help: "finger <character> (or +finger) - who someone is: role, online or last seen, idle, doing, description.",
      permission: "play",
      async run(_ctx, args) {
        if (!args) refuse("Usage: finger <character>");
        const { found, online } = await connectedNamed(args);
        const now = deps.clock.now();
        const principal = await deps.permissions.principal(found.id);
        const lines: Markup[] = [markup`%[bold]${clipName(found.name)}%[/] (${principal.role})`];
        if (online) {
          const a = (await deps.activity.of([found.id])).get(found.id);
          if (a)
            lines.push(markup`Online for ${onFor(now - a.connectedAt)}, idle ${idleFor(now - a.activeAt)}.`);
        } else {
          const [latest] = await deps.activity.logins(found.id, 1);
          lines.push(
            latest ? markup`Offline; last seen ${utcTime(latest.at)}.` : markup`Offline; never seen.`,
          );
        }
        const doing = await deps.activity.doing(found.id);
        if (doing) lines.push(markup`Doing: ${doing}`);
        const description = deps.world.state().characters.get(found.id)?.description;
        if (description) lines.push(markup`Description: ${description.split("\n")[0] ?? ""}`);
        return reply(lines);
      },
    },
    {
      name: "last",
      help: `last [<character>] - your (or someone's) ${LAST_COUNT} most recent logins and logouts, in UTC.`,
      permission: "play",
      async run(ctx, args) {
        const who = args ? (await connectedNamed(args)).found : ctx.character;
        const records = await deps.activity.logins(who.id, LAST_COUNT);
        if (records.length === 0) return reply([markup`${clipName(who.name)} has no logins on record.`]);
        return reply([
          markup`Recent logins and logouts of ${clipName(who.name)}:`,
          ...records.map((r) => markup`  ${r.kind === "login" ? "login " : "logout"}  ${utcTime(r.at)}`),
        ]);
      },
    },
    {
      name: "timestamps",
      help: "timestamps on|off|auto - whether replayed lines show their time (auto: when the oldest is over an hour old).",
      permission: "play",
      async run(ctx, args) {
        const mode = args.toLowerCase();
        if (mode === "") {
          const now = await deps.activity.timestamps(ctx.character.id);
          return reply([markup`Replay timestamps: ${now}. Usage: timestamps on|off|auto`]);
        }
        if (mode !== "on" && mode !== "off" && mode !== "auto") refuse("Usage: timestamps on|off|auto");
        const stream = presenceStream(ctx.character.id);
        const events = await deps.append([deps.event(ctx, stream, "timestamps_set", { mode })]);
        deps.activity.timestampsSet(ctx.character.id, mode as TimestampMode);
        return reply([markup`Replay timestamps: ${mode}.`], events);
      },
    },
  ];
}
