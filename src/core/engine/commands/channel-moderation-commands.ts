import type { Channel } from "#core/channels/channel-store.ts";
import type { Channels } from "#core/channels/channels.ts";
import { splitAssignment } from "#core/comms/messages.ts";
import type { PolicyResource } from "#core/policy/policy-entities.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import { type Markup, markup } from "#shared/markup/markup.ts";
import { durationText } from "#shared/util/duration-text.ts";
import type { CommandContext, EngineResult } from "../command.ts";
import { reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { speakerOf } from "./message-commands.ts";
import { parseBanDuration } from "./site-commands.ts";

/** What the moderation verbs need besides CommandDeps. */
export interface ChannelModerationCommandDeps {
  readonly channels: Channels;
  /** A character by exact name, for the target of a moderation verb. */
  readonly findCharacter: (name: string) => Promise<{ id: string; name: string } | undefined>;
  readonly characterName: (id: string) => Promise<string | undefined>;
}

/** One `channel` verb: the context and the text after the verb. */
export type ChannelVerb = (ctx: CommandContext, rest: string) => Promise<EngineResult>;

/** The verbs a staff member may run, written to the audit stream when they change something. */
export const MODERATION_VERBS: ReadonlySet<string> = new Set([
  "mod",
  "unmod",
  "mute",
  "unmute",
  "kick",
  "ban",
  "unban",
]);

/** The longest reason a mute or ban keeps. */
const REASON_MAX = 200;

const refuse = (line: string): never => {
  throw new HoloError("invalid_argument", line);
};

/** `<channel> = <name> [for <duration>] [: <reason>]`, split; `term` says whether the duration and reason are allowed. */
function parseTarget(verb: string, rest: string, term: boolean) {
  const usage = term
    ? `Usage: channel/${verb} <channel> = <name> [for <duration>] [: <reason>]`
    : `Usage: channel/${verb} <channel> = <name>`;
  const split = splitAssignment(rest);
  if (!split || split[0] === "" || split[1] === "") return refuse(usage);
  const colon = split[1].indexOf(":");
  const head = colon < 0 ? split[1] : split[1].slice(0, colon).trim();
  const reason = colon < 0 ? "" : split[1].slice(colon + 1).trim();
  const match = /^(.*?)(?:\s+for\s+(.*))?$/i.exec(head);
  const name = match?.[1]?.trim() ?? "";
  if (name === "" || (!term && (match?.[2] !== undefined || colon >= 0))) return refuse(usage);
  if (reason.length > REASON_MAX) refuse(`A reason may be at most ${REASON_MAX} characters.`);
  const forMs = parseBanDuration(match?.[2]);
  return {
    channel: split[0],
    name,
    term: { ...(forMs === undefined ? {} : { forMs }), ...(reason ? { reason } : {}) },
  };
}

/** The moderation verbs of `channel` (mod, unmod, mute, unmute, kick, ban, unban), plus gag, ungag and info. */
export function channelModerationVerbs(
  deps: CommandDeps,
  cd: ChannelModerationCommandDeps,
): Record<string, ChannelVerb> {
  const { channels } = cd;
  const resourceOf = async (channel: Channel): Promise<PolicyResource> => ({
    kind: "channel",
    name: channel.name,
    ownerId: channel.ownerId,
    moderatorIds: await channels.moderators(channel),
  });
  const targetOf = async (name: string) =>
    (await cd.findCharacter(name)) ?? refuse(`There is no character called "${name}".`);

  /** Finds the channel and the target, and asks the policy engine whether the actor moderates the channel. */
  const prepare = async (ctx: CommandContext, verb: string, rest: string, term: boolean) => {
    const parsed = parseTarget(verb, rest, term);
    const channel = await channels.find(parsed.channel);
    const target = await targetOf(parsed.name);
    const line = `Only moderators of ${channel.name} and admins may do that.`;
    await deps.permissions.require(ctx, "moderate", await resourceOf(channel), line);
    return { channel, target, term: parsed.term };
  };

  /** A moderator may not act on themselves, another moderator or an admin; an admin may act on anyone else. */
  const guard = async (
    ctx: CommandContext,
    verb: string,
    channel: Channel,
    target: { id: string; name: string },
  ) => {
    if (target.id === ctx.character.id) refuse(`You cannot ${verb} yourself.`);
    if (ctx.role === "admin") return;
    if ((await deps.permissions.principal(target.id)).role === "admin")
      refuse(`You may not ${verb} an admin.`);
    if ((await channels.moderators(channel)).includes(target.id))
      refuse(`You may not ${verb} another moderator of ${channel.name}.`);
  };

  const sanction =
    (verb: "mute" | "ban" | "kick"): ChannelVerb =>
    async (ctx, rest) => {
      const { channel, target, term } = await prepare(ctx, verb, rest, verb !== "kick");
      await guard(ctx, verb, channel, target);
      const by = speakerOf(ctx);
      const events =
        verb === "kick"
          ? await channels.kick(by, channel, target)
          : await channels[verb](by, channel, target, term);
      const length = term.forMs === undefined ? "" : ` for ${durationText(term.forMs)}`;
      const done = { mute: "muted", ban: "banned", kick: "kicked" }[verb];
      const on = verb === "mute" ? "on" : verb === "ban" ? "from" : "off";
      return reply(
        [markup`You ${done} ${target.name} ${on} ${channel.name}${verb === "kick" ? "" : length}.`],
        events,
      );
    };

  const lift =
    (verb: "unmute" | "unban"): ChannelVerb =>
    async (ctx, rest) => {
      const { channel, target } = await prepare(ctx, verb, rest, false);
      const events = await channels[verb](speakerOf(ctx), channel, target);
      const done = verb === "unmute" ? `unmuted ${target.name} on` : `lifted ${target.name}'s ban from`;
      return reply([markup`You ${done} ${channel.name}.`], events);
    };

  const appoint =
    (moderator: boolean): ChannelVerb =>
    async (ctx, rest) => {
      const verb = moderator ? "mod" : "unmod";
      const parsed = parseTarget(verb, rest, false);
      const channel = await channels.find(parsed.channel);
      const target = await targetOf(parsed.name);
      const line = `Only the owner of ${channel.name} and admins may appoint its moderators.`;
      await deps.permissions.require(ctx, "modify", await resourceOf(channel), line);
      const events = await channels.appoint(speakerOf(ctx), channel, target, moderator);
      const said = moderator ? "is now a moderator of" : "is no longer a moderator of";
      return reply([markup`${target.name} ${said} ${channel.name}.`], events);
    };

  const gag =
    (on: boolean): ChannelVerb =>
    async (ctx, rest) => {
      const channel = await channels.find(rest);
      const events = await channels.gag(speakerOf(ctx), channel, on);
      const line = on
        ? markup`You gag ${channel.name}: you stay on it but hear nothing of it until "channel/ungag ${channel.name}".`
        : markup`You ungag ${channel.name}; what was said meanwhile is not replayed ("channel history ${channel.name}" shows it).`;
      return reply([line], events);
    };

  const names = async (ids: readonly string[]) =>
    (await Promise.all(ids.map(async (id) => (await cd.characterName(id)) ?? "?"))).join(", ") || "none";

  const info: ChannelVerb = async (ctx, rest) => {
    const channel = await channels.find(rest);
    const { memberIds } = await channels.members(rest);
    const moderators = await channels.moderators(channel);
    const owner =
      channel.ownerId === undefined ? "the game" : ((await cd.characterName(channel.ownerId)) ?? "?");
    const lines: Markup[] = [
      markup`${channel.name} (alias "${channel.alias}"), created by ${owner}; ${memberIds.length} on it.`,
      markup`Moderators: ${await names(moderators)}.`,
    ];
    const decision = await deps.permissions.explain(
      await deps.permissions.principal(ctx.character.id),
      "moderate",
      await resourceOf(channel),
    );
    // Mutes and bans are shown to those who may change them; a member sees only their own state.
    const sanctions = (await channels.sanctions(channel)).filter(
      (m) => decision.allowed || ctx.role === "admin" || m.characterId === ctx.character.id,
    );
    for (const m of sanctions) {
      const left =
        m.until === undefined ? "until lifted" : `${durationText(m.until - deps.clock.now())} left`;
      const why = m.reason ? `: ${m.reason}` : "";
      lines.push(
        markup`${m.mark === "muted" ? "Muted" : "Banned"}: ${await names([m.characterId])} (${left})${why}`,
      );
    }
    if (await channels.gagged(channel, ctx.character.id)) lines.push(markup`You have it gagged.`);
    return reply(lines);
  };

  return {
    mod: appoint(true),
    unmod: appoint(false),
    mute: sanction("mute"),
    unmute: lift("unmute"),
    kick: sanction("kick"),
    ban: sanction("ban"),
    unban: lift("unban"),
    gag: gag(true),
    ungag: gag(false),
    info,
  };
}
