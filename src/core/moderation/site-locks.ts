import type { StoredEvent } from "#core/events/event.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { foldStream } from "#core/events/fold-stream.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import { validatePayload } from "#shared/events/event-schema.ts";
import { bannedText, findBan, type SiteBan } from "#shared/sitelock/site-ban.ts";
import type { Clock } from "#shared/util/clock.ts";

/** The stream of site bans. */
export const SITELOCK_STREAM = "sitelock";

/** Who is logging in: the client's address as the gateway saw it, and the account name when known. */
export interface LoginParty {
  readonly address?: string | undefined;
  readonly account?: string | undefined;
}

/** The site bans: the `sitelock` stream folded, kept in step with every core's appends. */
export interface SiteLocks {
  /** The bans in force now. */
  list(): SiteBan[];
  /** The position of the last ban or unban folded: a gateway's cached list is stale when this moved. */
  version(): number;
  /** The ban that refuses `who` now, if any. */
  find(who: LoginParty): SiteBan | undefined;
  /** Throws HoloError("permission_denied") with the ban's reason when `who` is banned: the core's login check. */
  require(who: LoginParty): void;
  /** Folds a committed event (any stream; others are passed over); an event already folded is ignored. */
  observe(event: StoredEvent): void;
}

const keyOf = (ban: Pick<SiteBan, "kind" | "target">) => `${ban.kind}:${ban.target}`;

/** Reads the `sitelock` stream and returns the bans; feed it every later event through observe. */
export async function openSiteLocks(deps: {
  readonly events: EventStore;
  readonly clock: Clock;
}): Promise<SiteLocks> {
  const bans = new Map<string, SiteBan>();
  let version = 0;
  const observe = (event: StoredEvent) => {
    if (event.stream !== SITELOCK_STREAM || event.position <= version) return;
    version = event.position;
    if (event.type === "site_banned") {
      const checked = validatePayload("site_banned", event.payload, "ignore");
      if (checked.ok) bans.set(keyOf(checked.payload), { ...checked.payload });
    } else if (event.type === "site_unbanned") {
      const checked = validatePayload("site_unbanned", event.payload, "ignore");
      if (checked.ok) bans.delete(keyOf(checked.payload));
    }
  };
  await foldStream(deps.events, SITELOCK_STREAM, observe);
  const now = () => deps.clock.now();
  const inForce = () => [...bans.values()].filter((b) => b.expiresAt === undefined || b.expiresAt > now());
  return {
    list: inForce,
    version: () => version,
    find: (who) => findBan(bans.values(), who, now()),
    require(who) {
      const ban = findBan(bans.values(), who, now());
      if (ban) throw new HoloError("permission_denied", bannedText(ban));
    },
    observe,
  };
}
