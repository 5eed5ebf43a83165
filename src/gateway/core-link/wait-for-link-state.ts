import type { CoreLink } from "./core-link.ts";
import type { CoreLinkState } from "./core-link-state.ts";

/** Resolves with the link's state once `predicate` holds (now or at a later change); rejects on abort. */
export function waitForLinkState(
  link: CoreLink,
  predicate: (state: CoreLinkState) => boolean,
  signal?: AbortSignal,
): Promise<CoreLinkState> {
  const now = link.state();
  if (predicate(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      off();
      reject(signal?.reason);
    };
    const off = link.onStateChange((state) => {
      if (!predicate(state)) return;
      off();
      signal?.removeEventListener("abort", onAbort);
      resolve(state);
    });
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
