import type { AccountStore } from "#core/accounts/account-store.ts";
import type { AddressBook } from "#core/moderation/address-book.ts";
import { SITELOCK_STREAM, type SiteLocks } from "#core/moderation/site-locks.ts";
import { markup } from "#shared/markup/markup.ts";
import { banCoversAddress, bannedText, parseBanTarget, type SiteBan } from "#shared/sitelock/site-ban.ts";
import { type Command, type CommandContext, reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import type { SessionControl } from "./account-commands.ts";
import { refuse, splitEquals } from "./world-kit.ts";

/** What ban and unban need beyond the command deps. */
export interface SiteCommandDeps {
  readonly siteLocks: SiteLocks;
  /** Where characters logged in from, so a ban that would lock out an admin is refused. */
  readonly addresses: AddressBook;
  readonly accounts: Pick<AccountStore, "findPlayerByName" | "listCharacters" | "getCharacter" | "getPlayer">;
  readonly sessions: SessionControl;
}

const units: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30m`, `1h`, `7d`, `2w` in ms; undefined for `permanent` (or none). */
export function parseBanDuration(text: string | undefined): number | undefined {
  if (text === undefined || /^(permanent|forever)$/i.test(text)) return undefined;
  const match = /^(\d{1,6})(m|h|d|w)$/i.exec(text);
  const unit = units[match?.[2]?.toLowerCase() ?? ""];
  if (!match || unit === undefined || Number(match[1]) === 0)
    refuse(`"${text}" is no duration: write it as 30m, 12h, 7d, 2w or permanent.`);
  return Number(match[1]) * unit;
}

const when = (ban: SiteBan) =>
  ban.expiresAt === undefined ? "permanent" : `until ${new Date(ban.expiresAt).toISOString().slice(0, 16)}Z`;

const usage = "Usage: ban <ip|cidr|account> [for <duration>] = <reason>, unban <target>, ban/list";

/** ban (`@sitelock`), unban and ban/list: site bans by address, CIDR block or account. */
export function siteCommands(cd: CommandDeps, deps: SiteCommandDeps): Command[] {
  const { siteLocks, addresses, accounts } = deps;

  /** The admin whose known address `ban` covers, with that address; a ban must never lock staff out. */
  async function lockedOutAdmin(ban: Pick<SiteBan, "kind" | "target">) {
    for (const id of addresses.characters()) {
      const covered = addresses.addressesOf(id).find((a) => banCoversAddress(ban, a));
      if (covered === undefined) continue;
      const character = await accounts.getCharacter(id);
      const player = character && (await accounts.getPlayer(character.playerId));
      if (player?.role === "admin") return { name: character?.name ?? player.name, address: covered };
    }
    return undefined;
  }

  /** Closes every connection the new ban refuses; returns how many. */
  async function bootBanned(ban: SiteBan, playerId: string | undefined): Promise<number> {
    const ids =
      playerId !== undefined
        ? (await accounts.listCharacters(playerId)).map((c) => c.id)
        : addresses
            .characters()
            .filter((id) => addresses.addressesOf(id).some((a) => banCoversAddress(ban, a)));
    let closed = 0;
    for (const id of ids) closed += await deps.sessions.boot(id, bannedText(ban));
    return closed;
  }

  async function ban(ctx: CommandContext, args: string) {
    const [left, reason, hasEquals] = splitEquals(args);
    const match = /^(\S+)(?:\s+for\s+(\S+))?$/i.exec(left);
    if (!match?.[1] || !hasEquals || !reason) refuse(usage);
    const parsed = parseBanTarget(match[1]);
    const lasts = parseBanDuration(match[2]);
    let playerId: string | undefined;
    if (parsed.kind === "account") {
      const player =
        (await accounts.findPlayerByName(parsed.target)) ??
        refuse(`There is no player called "${match[1]}".`);
      if (player.role === "admin")
        refuse(`${player.name} is an admin: change their role before banning them.`);
      playerId = player.id;
    } else {
      const admin = await lockedOutAdmin(parsed);
      if (admin)
        refuse(
          `Refused: that ban would lock out ${admin.name}, an admin, who connects from ${admin.address}.`,
        );
    }
    const payload = {
      ...parsed,
      reason,
      ...(lasts === undefined ? {} : { expiresAt: cd.clock.now() + lasts }),
    };
    const stored = await cd.append([cd.event(ctx, SITELOCK_STREAM, "site_banned", payload)]);
    for (const event of stored) siteLocks.observe(event);
    const closed = await bootBanned(payload, playerId);
    const booted = closed > 0 ? ` ${closed} connection${closed === 1 ? "" : "s"} closed.` : "";
    return reply([markup`Banned ${parsed.target} (${when(payload)}): ${reason}.${booted}`], stored);
  }

  function list() {
    const bans = siteLocks.list();
    if (bans.length === 0) return reply([markup`No bans are in force.`]);
    const rows = bans.map(
      (b) => markup`  ${b.kind.padEnd(8)} ${b.target.padEnd(24)} ${when(b).padEnd(24)} ${b.reason}`,
    );
    return reply([markup`Bans in force (${bans.length}):`, ...rows]);
  }

  return [
    {
      name: "ban",
      aliases: ["@ban", "sitelock", "@sitelock"],
      help: "ban <ip|cidr|account> [for <duration>] = <reason> - refuse logins from an address, a block or to an account; ban/list shows them (admins only).",
      permission: "sitelock",
      audit: (args, { switches }) => (switches.includes("list") || args === "" ? undefined : args),
      run: async (ctx, args, { switches }) =>
        switches.includes("list") || args === "" ? list() : ban(ctx, args),
    },
    {
      name: "unban",
      aliases: ["@unban"],
      help: "unban <ip|cidr|account> - lift a ban (admins only).",
      permission: "sitelock",
      audit: (args) => args,
      async run(ctx, args) {
        if (!args) refuse("Unban what? unban <ip|cidr|account>");
        const parsed = parseBanTarget(args);
        if (!siteLocks.list().some((b) => b.kind === parsed.kind && b.target === parsed.target))
          refuse(`No ban of ${parsed.target} is in force.`);
        const stored = await cd.append([cd.event(ctx, SITELOCK_STREAM, "site_unbanned", parsed)]);
        for (const event of stored) siteLocks.observe(event);
        return reply([markup`${parsed.target} is no longer banned.`], stored);
      },
    },
  ];
}
