import { HoloError } from "#shared/errors/holo-error.ts";
import type { Clock } from "#shared/util/clock.ts";
import { createTokenBuckets, type TokenBucketConfig, takeTokens, tryAgainIn } from "./token-buckets.ts";

/** Limits how often a player may try their current password (`password <old> = <new>`). */
export interface PasswordThrottle {
  /**
   * Takes a token for `playerId` before the slow verify, so parallel tries count; throws resource_exhausted
   * when there is none. Returns how to give it back (the password was right).
   */
  begin(playerId: string): () => void;
}

/** The default: 5 tries at once, then one more every 30 seconds. */
export const defaultPasswordThrottle: TokenBucketConfig = { burst: 5, refillMs: 30_000 };

/** Creates the throttle; in memory and bounded (at most 10,000 players tracked, full buckets forgotten first). */
export function createPasswordThrottle(
  clock: Clock,
  config: TokenBucketConfig = defaultPasswordThrottle,
): PasswordThrottle {
  const byPlayer = createTokenBuckets(config, clock);
  return {
    begin(playerId) {
      const taken = takeTokens([[byPlayer, playerId]]);
      if (!taken.ok)
        throw new HoloError("resource_exhausted", `Too many password attempts. ${tryAgainIn(taken.waitMs)}`);
      return taken.refund;
    },
  };
}
