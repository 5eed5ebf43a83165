import { HoloError } from "#shared/errors/holo-error.ts";
import type { Clock } from "#shared/util/clock.ts";
import { nameKey } from "./account-rules.ts";
import { createTokenBuckets, type TokenBucketConfig, takeTokens, tryAgainIn } from "./token-buckets.ts";

/** One login attempt that holds its tokens while the password is verified. */
export interface LoginAttempt {
  /** The password was right: the tokens are given back, and this address is remembered for the name. */
  succeeded(): void;
  /** The attempt did not count (the store was unreachable): the tokens are given back. */
  refund(): void;
}

/** Throttles logins per (name, address), per address, and per name, so a stranger on one address cannot lock a player out from another. */
export interface LoginThrottle {
  /**
   * Takes a token from each bucket before the slow verify, so parallel attempts count; throws
   * resource_exhausted with the same message whatever bucket is empty, and whether or not the name exists.
   */
  begin(clientAddress: string, name: string): LoginAttempt;
}

/** How hard logins are throttled. */
export interface LoginThrottleConfig {
  /** Per (name, address): the first limit, so a stranger elsewhere cannot lock a player out. */
  readonly perPair?: TokenBucketConfig;
  /** Per address, across names. */
  readonly perAddress?: TokenBucketConfig;
  /** Per name, across addresses: the slower backstop against many addresses. */
  readonly perAccount?: TokenBucketConfig;
  /** (name, address) pairs remembered after a success, which skip the per-name backstop; defaults to 10,000. */
  readonly maxKnownAddresses?: number;
}

/** The host part of "host:port" or "[v6]:port", so one client cannot dodge the limit by changing port. */
export function clientHost(address: string): string {
  const v6 = /^\[([^\]]+)\]:\d+$/.exec(address);
  if (v6?.[1]) return v6[1];
  const v4 = /^([^:]+):\d+$/.exec(address);
  return v4?.[1] ?? address;
}

/** The defaults: 5 tries per minute per (name, address), 20 per address, 30 per name with a slow refill. */
export const defaultLoginThrottle = {
  perPair: { burst: 5, refillMs: 12_000 },
  perAddress: { burst: 20, refillMs: 6_000 },
  perAccount: { burst: 30, refillMs: 20_000 },
} as const satisfies LoginThrottleConfig;

/**
 * Creates the throttle. Every attempt spends a token of its (name, address), its address and its name; a right
 * password gives them back. An address that logged in to a name before skips that name's bucket, so even
 * strangers on many addresses cannot keep a returning player out. All state is in memory and bounded: each
 * bucket set tracks at most 10,000 keys and the remembered pairs at most `maxKnownAddresses`, oldest dropped.
 */
export function createLoginThrottle(clock: Clock, config: LoginThrottleConfig = {}): LoginThrottle {
  const byPair = createTokenBuckets(config.perPair ?? defaultLoginThrottle.perPair, clock);
  const byAddress = createTokenBuckets(config.perAddress ?? defaultLoginThrottle.perAddress, clock);
  const byAccount = createTokenBuckets(config.perAccount ?? defaultLoginThrottle.perAccount, clock);
  const maxKnown = config.maxKnownAddresses ?? 10_000;
  const known = new Set<string>();
  return {
    begin(clientAddress, name) {
      const host = clientHost(clientAddress);
      const account = nameKey(name);
      const pair = `${account}\n${host}`;
      const trusted = known.has(pair);
      const taken = takeTokens([
        [byPair, pair],
        [byAddress, host],
        ...(trusted ? [] : ([[byAccount, account]] as const)),
      ]);
      if (!taken.ok)
        throw new HoloError("resource_exhausted", `Too many failed logins. ${tryAgainIn(taken.waitMs)}`);
      return {
        succeeded() {
          taken.refund();
          known.delete(pair);
          if (known.size >= maxKnown) known.delete(known.values().next().value ?? "");
          known.add(pair);
        },
        refund: taken.refund,
      };
    },
  };
}
