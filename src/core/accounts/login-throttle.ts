import { HoloError } from "#shared/errors/holo-error.ts";
import type { Clock } from "#shared/util/clock.ts";
import { nameKey } from "./account-rules.ts";
import { createTokenBuckets, type TokenBucketConfig } from "./token-buckets.ts";

/** Throttles failed logins per client address and per account name (ARCHITECTURE.md §9). */
export interface LoginThrottle {
  /** Throws resource_exhausted when this address or name must wait before trying again. */
  check(clientAddress: string, name: string): void;
  /** Counts one failed attempt against both the address and the name. */
  failed(clientAddress: string, name: string): void;
}

/** How hard logins are throttled. */
export interface LoginThrottleConfig {
  readonly perAddress?: TokenBucketConfig;
  readonly perAccount?: TokenBucketConfig;
}

/** The host part of "host:port" or "[v6]:port", so one client cannot dodge the limit by changing port. */
export function clientHost(address: string): string {
  const v6 = /^\[([^\]]+)\]:\d+$/.exec(address);
  if (v6?.[1]) return v6[1];
  const v4 = /^([^:]+):\d+$/.exec(address);
  return v4?.[1] ?? address;
}

/**
 * Creates the throttle. Only failures spend tokens. A name's bucket refills in seconds, so a
 * stranger can delay a player's login but not lock them out for long; each address is limited too,
 * which caps how fast one client can keep a name drained.
 */
export function createLoginThrottle(clock: Clock, config: LoginThrottleConfig = {}): LoginThrottle {
  const byAddress = createTokenBuckets(config.perAddress ?? { burst: 10, refillMs: 6_000 }, clock);
  const byAccount = createTokenBuckets(config.perAccount ?? { burst: 5, refillMs: 10_000 }, clock);
  return {
    check(clientAddress, name) {
      const wait = Math.max(byAddress.waitMs(clientHost(clientAddress)), byAccount.waitMs(nameKey(name)));
      if (wait > 0) {
        throw new HoloError(
          "resource_exhausted",
          `Too many failed logins. Try again in ${Math.ceil(wait / 1000)} seconds.`,
        );
      }
    },
    failed(clientAddress, name) {
      byAddress.take(clientHost(clientAddress));
      byAccount.take(nameKey(name));
    },
  };
}
