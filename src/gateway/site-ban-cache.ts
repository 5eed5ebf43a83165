import type { PlayLink } from "#gateway/play/play-link.ts";
import { isReady } from "#gateway/play/play-link.ts";
import { describeError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { bannedText, findBan, parseBanTarget, type SiteBan } from "#shared/sitelock/site-ban.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { CancelTimer, Timers } from "#shared/util/timers.ts";

/** How often the gateway asks the core whether its bans changed; a cheap call that answers "unchanged". */
export const SITE_BAN_POLL_MS = 2_000;

/** The core's address bans as this gateway last fetched them. */
export interface SiteBanCache extends Disposable {
  /** The line a client from `address` is refused with, or undefined when it may connect. */
  refusal(address: string): string | undefined;
  /** Asks the core now (once the link is ready); resolves when the answer is in. */
  refresh(): Promise<void>;
}

/**
 * Creates the cache: it asks the core with the version it holds every SITE_BAN_POLL_MS while the link is
 * ready, and at once when the link comes back. Known limitation: a ban reaches the gateway up to one poll late;
 * the core refuses the login itself meanwhile. While the core is away the last list keeps applying.
 */
export function createSiteBanCache(deps: {
  readonly link: PlayLink;
  readonly timers: Timers;
  readonly clock: Clock;
  readonly log: Logger;
  readonly intervalMs?: number;
}): SiteBanCache {
  const log = deps.log.withTag("site-bans");
  let bans: SiteBan[] = [];
  let version = 0n;
  let inflight: Promise<void> | undefined;
  const fetch = async () => {
    const res = await deps.link.client.listSiteBans({ knownVersion: version });
    if (!res.changed) return;
    bans = res.bans.flatMap((b) => {
      try {
        const expiresAt = b.expiresAt
          ? Number(b.expiresAt.seconds) * 1000 + b.expiresAt.nanos / 1e6
          : undefined;
        return [{ ...parseBanTarget(b.target), reason: b.reason, expiresAt }];
      } catch {
        log.warn(`the core sent a ban of "${b.target}", which is no address; it is passed over`);
        return [];
      }
    });
    version = res.version;
    log.info(`${bans.length} address ban(s) in force`);
  };
  const refresh = () => {
    if (!isReady(deps.link.state())) return Promise.resolve();
    inflight ??= fetch()
      .catch((error: unknown) => log.warn("could not read the site bans", { error: describeError(error) }))
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };
  const cancel: CancelTimer = deps.timers.every(deps.intervalMs ?? SITE_BAN_POLL_MS, () => void refresh());
  const off = deps.link.onStateChange((state) => {
    if (isReady(state)) void refresh();
  });
  void refresh();
  return {
    refusal(address) {
      const ban = findBan(bans, { address }, deps.clock.now());
      return ban ? bannedText(ban) : undefined;
    },
    refresh,
    [Symbol.dispose]() {
      cancel();
      off();
    },
  };
}
