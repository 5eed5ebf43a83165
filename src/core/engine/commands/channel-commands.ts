import { DEFAULT_CHANNEL, HISTORY_LIMIT } from "#core/channels/channel-rules.ts";
import type { Channels } from "#core/channels/channels.ts";
import { splitAssignment } from "#core/comms/messages.ts";
import { parseSpeech } from "#core/comms/speech.ts";
import type { Permissions } from "#core/policy/permissions.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import { markup } from "#shared/markup/markup.ts";
import type { CommandFallback } from "../command.ts";
import { type Command, type CommandContext, reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { channelModerationVerbs, MODERATION_VERBS } from "./channel-moderation-commands.ts";
import { speakerOf } from "./message-commands.ts";

/** What the channel commands need besides CommandDeps. */
export interface ChannelCommandsDeps {
  readonly channels: Channels;
  /** Character names by id, for `channel who`. */
  readonly characterName: (id: string) => Promise<string | undefined>;
  /** A character by exact name: the target of `channel/mute` and the other moderation verbs. */
  readonly findCharacter: (name: string) => Promise<{ id: string; name: string } | undefined>;
}

const usage = [
  markup`channel list - every channel, and the ones you are on.`,
  markup`channel join <name> / channel leave <name> - start or stop hearing a channel.`,
  markup`channel who <name> - who is on a channel.`,
  markup`channel history <name> [count] - the channel's recent messages.`,
  markup`channel say <name> = <message> - talk on a channel; or type its alias: 'pub hello', 'pub :waves'.`,
  markup`channel info <name> - its owner, moderators, and (to them) its mutes and bans.`,
  markup`channel/gag <name> / channel/ungag <name> - stop or resume hearing a channel without leaving it.`,
  markup`channel/mute <name> = <player> [for <duration>] [: <reason>] / channel/unmute <name> = <player> - moderators.`,
  markup`channel/kick <name> = <player>; channel/ban <name> = <player> [for <duration>] [: <reason>]; channel/unban - moderators.`,
  markup`channel/mod <name> = <player> / channel/unmod <name> = <player> - the channel's owner and admins.`,
  markup`channel create <name> [= <alias>] / channel destroy <name> - admins only.`,
];

/** The verbs written to the audit stream when they change something: moderation, creating and destroying. */
const AUDITED: ReadonlySet<string> = new Set([...MODERATION_VERBS, "create", "destroy"]);

/** The verb and its arguments, from `channel/<verb> <rest>` or `channel <verb> <rest>`. */
function verbOf(args: string, switches: readonly string[]): { verb: string; rest: string } {
  const [first] = switches;
  if (first !== undefined) return { verb: first.toLowerCase(), rest: args.trim() };
  const match = /^(\S+)\s*(.*)$/s.exec(args);
  return { verb: (match?.[1] ?? "").toLowerCase(), rest: (match?.[2] ?? "").trim() };
}

/** `channel <verb>` or `channel/<verb>`: using channels, gagging them, and moderating them. */
export function channelCommand(deps: CommandDeps, cd: ChannelCommandsDeps): Command {
  const { channels } = cd;
  const adminsOnly = "Only admins may create or destroy channels.";
  const sub: Record<string, (ctx: CommandContext, rest: string) => Promise<ReturnType<typeof reply>>> = {
    ...channelModerationVerbs(deps, cd),
    async list(ctx) {
      const views = await channels.list(ctx.character.id);
      if (views.length === 0) return reply([markup`There are no channels.`]);
      const rows = views.map(
        (v) =>
          markup`  ${v.member ? "*" : " "} ${v.channel.name.padEnd(20)} ${v.channel.alias.padEnd(10)} ${v.members}`,
      );
      return reply([
        markup`    ${"Channel".padEnd(20)} ${"Alias".padEnd(10)} Members`,
        ...rows,
        markup`(* = you are on it)`,
      ]);
    },
    async join(ctx, rest) {
      const channel = await channels.find(rest);
      const line =
        channel.name === DEFAULT_CHANNEL.name
          ? "You may not join that channel."
          : "Guests may only use the Public channel.";
      await deps.permissions.require(ctx, "join", { kind: "channel", name: channel.name }, line);
      const events = await channels.join(speakerOf(ctx), rest);
      return reply([markup`You join ${channel.name}. Talk on it with "${channel.alias} <message>".`], events);
    },
    async leave(ctx, rest) {
      const channel = await channels.find(rest);
      return reply([markup`You leave ${channel.name}.`], await channels.leave(speakerOf(ctx), rest));
    },
    async who(_ctx, rest) {
      const { channel, memberIds } = await channels.members(rest);
      const online = new Set((await deps.presence()).map((c) => c.id));
      const moderators = new Set(await channels.moderators(channel));
      const names = await Promise.all(
        memberIds.map(
          async (id) =>
            `${(await cd.characterName(id)) ?? "?"}${moderators.has(id) ? " (mod)" : ""}${online.has(id) ? "" : " (away)"}`,
        ),
      );
      return reply([markup`On ${channel.name}: ${names.length > 0 ? names.join(", ") : "no one"}.`]);
    },
    async history(ctx, rest) {
      const match = /^(.*?)(?:\s+(\d+))?$/.exec(rest);
      const count = Math.min(HISTORY_LIMIT.max, Number(match?.[2] ?? HISTORY_LIMIT.default) || 1);
      return reply([], await channels.history(speakerOf(ctx), match?.[1] ?? rest, count));
    },
    async say(ctx, rest) {
      const split = splitAssignment(rest);
      if (!split) throw new HoloError("invalid_argument", "Usage: channel say <name> = <message>");
      const channel = await channels.find(split[0]);
      const line = `You may not speak on ${channel.name}.`;
      await deps.permissions.require(ctx, "speak", { kind: "channel", name: channel.name }, line);
      return reply([], await channels.say(speakerOf(ctx), channel, parseSpeech(split[1])));
    },
    async create(ctx, rest) {
      const split = splitAssignment(rest);
      const name = split ? split[0] : rest;
      await deps.permissions.require(ctx, "moderate", { kind: "channel", name }, adminsOnly);
      const alias = (split?.[1] || name.slice(0, 3)).toLowerCase();
      const events = await channels.create(speakerOf(ctx), name, alias);
      return reply([markup`Created the channel ${name}; talk on it with "${alias} <message>".`], events);
    },
    async destroy(ctx, rest) {
      const channel = await channels.find(rest);
      const resource = { kind: "channel" as const, name: channel.name, ownerId: channel.ownerId };
      await deps.permissions.require(ctx, "destroy", resource, adminsOnly);
      const events = await channels.destroy(speakerOf(ctx), rest);
      return reply([markup`Destroyed the channel ${channel.name}.`], events);
    },
  };
  return {
    name: "channel",
    aliases: ["chan", "@channel"],
    help: "channel list|join|leave|who|info|history|say|gag|ungag, channel/mute|unmute|kick|ban|unban|mod|unmod <channel> = <player> - channels and their moderation; type 'channel' alone for more.",
    permission: "play",
    audit: (args, invocation) => {
      const { verb } = verbOf(args, invocation.switches);
      return AUDITED.has(verb) ? args : undefined;
    },
    async run(ctx, args, invocation) {
      const { verb, rest } = verbOf(args, invocation.switches);
      const handler = Object.hasOwn(sub, verb) ? sub[verb] : undefined;
      if (!handler || (rest === "" && verb !== "list")) return reply(usage);
      return handler(ctx, rest);
    },
  };
}

/** Talking on a channel by its alias (`pub hello`, TinyMUX style) or `+<name>` (`+pub hello`, PennMUSH style). */
export function channelTalkFallback(channels: Channels, permissions: Permissions): CommandFallback {
  return async (ctx, line) => {
    const match = /^(\S+)\s*(.*)$/s.exec(line);
    if (!match?.[1]) return undefined;
    const channel = await channels.talkTarget(ctx.character.id, match[1]);
    if (!channel) return undefined;
    const refusal = `You may not speak on ${channel.name}.`;
    await permissions.require(ctx, "speak", { kind: "channel", name: channel.name }, refusal);
    const speech = parseSpeech(match[2] ?? "");
    return reply([], await channels.say(speakerOf(ctx), channel, speech));
  };
}
