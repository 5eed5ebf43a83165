import type { CoreLinkState } from "#gateway/core-link/core-link-state.ts";
import type { CoreClient, PlayLink } from "../play-link.ts";

/** A core link whose state the test moves; reportFailure drops a ready link to connecting, as the real one does. */
export interface FakeLink extends PlayLink {
  down(): void;
  up(): void;
  readonly failures: unknown[];
}

/** Creates a ready fake link around `client`. */
export function createFakeLink(client: CoreClient): FakeLink {
  const core = { gameId: "01FAKE", version: "0.0.0", commit: "dev", uptimeMs: 0 };
  const listeners = new Set<(state: CoreLinkState, previous: CoreLinkState) => void>();
  const failures: unknown[] = [];
  let state: CoreLinkState = { kind: "ready", since: 0, core };
  const move = (next: CoreLinkState) => {
    const previous = state;
    state = next;
    for (const listener of [...listeners]) listener(next, previous);
  };
  return {
    client,
    state: () => state,
    onStateChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reportFailure(reason) {
      failures.push(reason);
      if (state.kind === "ready") move({ kind: "connecting", attempt: 0, since: 0 });
    },
    down() {
      if (state.kind === "ready")
        move({ kind: "backoff", attempt: 1, since: 0, retryAt: 1000, lastError: "down" });
    },
    up() {
      if (state.kind !== "ready") move({ kind: "ready", since: 0, core });
    },
    failures,
  };
}
