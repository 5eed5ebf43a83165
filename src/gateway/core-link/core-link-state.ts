import { assertNever } from "#shared/util/assert-never.ts";

/** What the core said about itself in its last answered Ping. */
export interface CoreInfo {
  readonly gameId: string;
  readonly version: string;
  readonly commit: string;
  readonly uptimeMs: number;
}

/** The link's lifecycle: connecting → ready, or connecting → backoff → connecting; switches over it end in assertNever. */
export type CoreLinkState =
  | { readonly kind: "connecting"; readonly attempt: number; readonly since: number }
  | { readonly kind: "ready"; readonly since: number; readonly core: CoreInfo }
  | {
      readonly kind: "backoff";
      readonly attempt: number;
      readonly since: number;
      readonly retryAt: number;
      readonly lastError: string;
    };

/** A snapshot of the link for the gateway's /status. */
export interface CoreLinkStatus {
  readonly state: "connected" | "connecting" | "backoff";
  /** One line for humans, e.g. "core: connected" or "core: backoff, retry in 3s". */
  readonly summary: string;
  readonly coreAddr: string;
  /** When the current state began, ISO 8601. */
  readonly since: string;
  readonly attempt: number;
  readonly retryInMs?: number;
  readonly lastError?: string;
  readonly core?: CoreInfo;
}

/** Describes `state` for /status at time `now`. */
export function describeLinkState(
  state: CoreLinkState,
  coreAddr: string,
  now: number,
  lastError: string | undefined,
): CoreLinkStatus {
  const common = { coreAddr, since: new Date(state.since).toISOString() };
  const withError = lastError === undefined ? {} : { lastError };
  switch (state.kind) {
    case "connecting":
      return {
        ...common,
        ...withError,
        state: "connecting",
        summary: "core: connecting",
        attempt: state.attempt,
      };
    case "ready":
      return { ...common, state: "connected", summary: "core: connected", attempt: 0, core: state.core };
    case "backoff": {
      const retryInMs = Math.max(0, state.retryAt - now);
      return {
        ...common,
        state: "backoff",
        summary: `core: backoff, retry in ${Math.ceil(retryInMs / 1000)}s`,
        attempt: state.attempt,
        retryInMs,
        lastError: state.lastError,
      };
    }
    default:
      return assertNever(state);
  }
}
