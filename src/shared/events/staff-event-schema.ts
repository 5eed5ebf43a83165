import { bool, count, object, oneOf, str } from "./payload-check.ts";

const banKind = oneOf("ip", "cidr", "account");

/**
 * The events of game staff: site bans (stream `sitelock`), announcements to everyone (stream `wall`, which every
 * session follows) and the record of staff actions (stream `audit`). Part of eventSchema (./event-schema.ts).
 */
export const staffEventSchema = {
  site_banned: {
    streams: ["sitelock"],
    description:
      "`ban <ip|cidr|account> [for <duration>] = <reason>`: logins from that address or block, or to that account, are refused with `reason` (the gateway refuses the address before login) until `expiresAt` (ms since the epoch; absent for good). A later ban of the same target replaces it.",
    payload: object({ kind: banKind, target: str, reason: str }, { expiresAt: count }),
  },
  site_unbanned: {
    streams: ["sitelock"],
    description: "`unban <target>`: the ban of that target no longer counts.",
    payload: object({ kind: banKind, target: str }),
  },
  staff_action: {
    streams: ["audit"],
    description:
      "A staff command that ran (ban, wall, shutdown, role, boot, teleport, policy add, …): the command's name and its arguments as typed, with any password left out. The actor is who ran it.",
    payload: object({ command: str, args: str }),
  },
  wall: {
    streams: ["wall"],
    description:
      "`@wall <text>` (or `@wall/pose`): an announcement shown once on every connection of every character playing.",
    payload: object({ name: str, text: str }, { pose: bool }),
  },
  shutdown_notice: {
    streams: ["wall"],
    description:
      "`@shutdown`: the game stops in `seconds` (announced when asked, then at 60, 30, 10 and 5 s); with `cancelled`, `@shutdown/cancel` called it off; with `reboot`, `@reboot` restarts the core now and everyone stays connected.",
    payload: object({ name: str, seconds: count, message: str }, { cancelled: bool, reboot: bool }),
  },
} as const;
