import { Opt } from "./telnet-constants.ts";
import type { ProtocolEvent } from "./telnet-session.ts";

/** What a connection that has not logged in may cost the server. */
export interface LoginGuardLimits {
  /** From connect (or from losing a session) to authenticated, whatever the client sends meanwhile. */
  readonly loginTimeoutMs: number;
  /** Negotiations, subnegotiations and other IAC commands before login; past it the connection is closed. */
  readonly maxProtocolEventsBeforeLogin: number;
  /** GMCP messages acted on before login; later ones are ignored (they still count above). */
  readonly maxGmcpBeforeLogin: number;
  /** Lines before login; past it the connection is closed. */
  readonly maxLinesBeforeLogin: number;
}

/** What to do with one event: act on it, ignore it, or close the connection with a goodbye line. */
export type GuardVerdict = "act" | "ignore" | { readonly close: string };

/** The unauthenticated budget of one connection. Authenticated connections are never limited here. */
export interface LoginGuard {
  protocol(event: ProtocolEvent, option: number): GuardVerdict;
  line(): GuardVerdict;
  /** Logging in lifts the limits; losing the session starts a fresh budget and deadline at `now`. */
  setAuthenticated(on: boolean, now: number): void;
  /** The goodbye line once the login deadline has passed at `now` (only while unauthenticated). */
  expired(now: number): string | undefined;
}

/** A readable duration for the goodbye line: "5 minutes", "90 seconds". */
export function describeDuration(ms: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (ms % 60_000 === 0) return unit(ms / 60_000, "minute");
  return unit(Math.ceil(ms / 1000), "second");
}

/** Creates the guard for a connection opened at `openedAt`. */
export function createLoginGuard(limits: LoginGuardLimits, openedAt: number): LoginGuard {
  return new Guard(limits, openedAt);
}

const tooChatty = { close: "Too much telnet negotiation before login. Goodbye." } as const;
const tooManyLines = { close: "Too many lines before login. Goodbye." } as const;

// A class, not a closure per method: every connection holds one guard for its life, so its methods are shared.
class Guard implements LoginGuard {
  readonly #limits: LoginGuardLimits;
  #authenticated = false;
  #since: number;
  #events = 0;
  #gmcp = 0;
  #lines = 0;

  constructor(limits: LoginGuardLimits, openedAt: number) {
    this.#limits = limits;
    this.#since = openedAt;
  }

  protocol(event: ProtocolEvent, option: number): GuardVerdict {
    if (this.#authenticated) return "act";
    if (++this.#events > this.#limits.maxProtocolEventsBeforeLogin) return tooChatty;
    if (event === "subnegotiation" && option === Opt.GMCP && ++this.#gmcp > this.#limits.maxGmcpBeforeLogin) {
      return "ignore";
    }
    return "act";
  }

  line(): GuardVerdict {
    if (this.#authenticated) return "act";
    return ++this.#lines > this.#limits.maxLinesBeforeLogin ? tooManyLines : "act";
  }

  setAuthenticated(on: boolean, now: number): void {
    if (on === this.#authenticated) return;
    this.#authenticated = on;
    if (!on) {
      this.#since = now;
      this.#events = 0;
      this.#gmcp = 0;
      this.#lines = 0;
    }
  }

  expired(now: number): string | undefined {
    if (this.#authenticated || now - this.#since < this.#limits.loginTimeoutMs) return undefined;
    return `You did not log in within ${describeDuration(this.#limits.loginTimeoutMs)}. Goodbye.`;
  }
}
