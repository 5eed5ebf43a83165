import { HoloError } from "#shared/errors/holo-error.ts";
import type { Clock } from "#shared/util/clock.ts";
import { clientHost } from "./login-throttle.ts";
import { createTokenBuckets, perPeriod, takeTokens } from "./token-buckets.ts";

const HOUR = 3_600_000;

/** How many new players the game accepts (`--registrations-per-ip-per-hour`, `--registrations-per-hour`). */
export interface RegistrationThrottleConfig {
  /** From one address in an hour; the default 5. */
  readonly perAddressPerHour: number;
  /** From everyone in an hour; the default 60. */
  readonly perHour: number;
}

/** The defaults of the settings. */
export const defaultRegistrationThrottle: RegistrationThrottleConfig = { perAddressPerHour: 5, perHour: 60 };

/** Limits registrations per address and overall. */
export interface RegistrationThrottle {
  /**
   * Takes a token for `clientAddress` and one from the game-wide bucket, before the password is hashed;
   * throws resource_exhausted when either is empty. Returns how to give them back (a refused name).
   */
  begin(clientAddress: string): () => void;
}

/**
 * Creates the throttle. State is in memory and bounded: at most 10,000 addresses are tracked, full buckets
 * forgotten first and then the oldest.
 */
export function createRegistrationThrottle(
  clock: Clock,
  config: RegistrationThrottleConfig = defaultRegistrationThrottle,
): RegistrationThrottle {
  const byAddress = createTokenBuckets(perPeriod(config.perAddressPerHour, HOUR), clock);
  const overall = createTokenBuckets(perPeriod(config.perHour, HOUR), clock);
  return {
    begin(clientAddress) {
      const taken = takeTokens([
        [byAddress, clientHost(clientAddress)],
        [overall, "all"],
      ]);
      if (!taken.ok) {
        const minutes = Math.max(1, Math.ceil(taken.waitMs / 60_000));
        throw new HoloError(
          "resource_exhausted",
          `Too many new players have registered lately. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
        );
      }
      return taken.refund;
    },
  };
}
