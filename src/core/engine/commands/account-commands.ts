import { charStream } from "#core/events/event.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import { markup } from "#shared/markup/markup.ts";
import type { AccountActions } from "../account-actions.ts";
import { type Command, reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { speakerOf } from "./message-commands.ts";

/** How `boot` reaches the sessions: closes every connection of a character, returning how many. */
export interface SessionControl {
  boot(characterId: string, text: string): Promise<number>;
}

/** What the account commands need. */
export interface AccountCommandDeps {
  readonly accounts: AccountActions;
  readonly sessions: SessionControl;
  /** Any character by exact name (for boot). */
  readonly findCharacter: (name: string) => Promise<{ id: string; name: string } | undefined>;
  readonly maxCharacters: number;
}

/** character, play, password, newpassword and boot. Passwords in arguments are never echoed, logged or stored. */
export function accountCommands(cd: CommandDeps, deps: AccountCommandDeps): Command[] {
  const { accounts } = deps;
  return [
    {
      name: "character",
      aliases: ["char"],
      help: `character list / character create <name> - your characters (at most ${deps.maxCharacters}).`,
      permission: "own_account",
      async run(ctx, args) {
        const [verb = "", ...rest] = args.split(/\s+/);
        const playerId = ctx.character.playerId;
        if (verb.toLowerCase() === "create" && rest.length === 1 && rest[0])
          return reply([], await accounts.createCharacter(speakerOf(ctx), playerId, rest[0]));
        if (verb.toLowerCase() !== "list" || rest.length > 0)
          return reply([markup`Usage: character list, or character create <name>`]);
        const mine = await accounts.listCharacters(playerId);
        const rows = mine.map((c) => markup`  ${c.name}${c.id === ctx.character.id ? " (playing now)" : ""}`);
        return reply([markup`Your characters (${mine.length} of at most ${deps.maxCharacters}):`, ...rows]);
      },
    },
    {
      name: "play",
      help: "play <name> - switch this connection to another of your characters.",
      permission: "own_account",
      async run(ctx, args) {
        if (!args) return reply([markup`Play which character? (character list)`]);
        const character = await accounts.ownCharacter(ctx.character.playerId, args);
        if (character.id === ctx.character.id)
          return reply([markup`You are already playing ${character.name}.`]);
        return {
          output: [markup`You leave ${ctx.character.name} and take up ${character.name}.`],
          events: [],
          detach: false,
          switchTo: character,
        };
      },
    },
    {
      name: "password",
      help: "password <old> = <new> - change your password.",
      permission: "own_account",
      run: async (ctx, args) =>
        reply([], await accounts.changePassword(speakerOf(ctx), ctx.character.playerId, args)),
    },
    {
      name: "newpassword",
      aliases: ["@newpassword"],
      help: "newpassword <player> = <password> - set a player's password (admins only).",
      permission: "manage_players",
      // Only whose password was set: the new password never reaches an event.
      audit: (args) => args.split("=", 1)[0]?.trim() ?? "",
      run: async (ctx, args) => reply([], await accounts.resetPassword(speakerOf(ctx), args)),
    },
    {
      name: "role",
      aliases: ["@role"],
      help: "role <player> = player|builder|admin - set what a player may do (admins only).",
      permission: "manage_players",
      audit: (args) => args,
      async run(ctx, args) {
        const { events, text } = await accounts.setRole(speakerOf(ctx), ctx.character.playerId, args);
        // The change is shown by its event (role.changed), as the other account notes are.
        return events.length > 0 ? reply([], events) : reply([markup`${text}`]);
      },
    },
    {
      name: "boot",
      aliases: ["@boot"],
      help: "boot <character> - close every connection of a character (admins only).",
      permission: "manage_players",
      audit: (args) => args,
      async run(ctx, args) {
        if (!args) return reply([markup`Boot whom?`]);
        const target = await deps.findCharacter(args);
        if (!target) throw new HoloError("not_found", `There is no character called "${args}".`);
        if (target.id === ctx.character.id) return reply([markup`You cannot boot yourself; type quit.`]);
        const closed = await deps.sessions.boot(target.id, `You have been booted by ${ctx.character.name}.`);
        if (closed === 0) return reply([markup`${target.name} is not connected.`]);
        const payload = { target: target.name, connections: closed };
        return reply([], await cd.append([cd.event(ctx, charStream(ctx.character.id), "boot", payload)]));
      },
    },
  ];
}
