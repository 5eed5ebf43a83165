import type { CoreLink } from "#gateway/core-link/core-link.ts";
import type { CoreLinkState } from "#gateway/core-link/core-link-state.ts";

/** The parts of the core link the play layer uses: the client, the state and its changes. */
export type PlayLink = Pick<CoreLink, "client" | "state" | "onStateChange" | "reportFailure">;

/** The CoreService client. */
export type CoreClient = PlayLink["client"];

/** True when `state` means the core answers. */
export const isReady = (state: CoreLinkState): boolean => state.kind === "ready";

/** Resolves once the link is ready (at once if it is); rejects when `signal` aborts. */
export function whenReady(
  link: Pick<PlayLink, "state" | "onStateChange">,
  signal: AbortSignal,
): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (isReady(link.state())) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      off();
      reject(signal.reason);
    };
    const off = link.onStateChange((state) => {
      if (!isReady(state)) return;
      off();
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
