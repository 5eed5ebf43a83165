import type { CoreLink } from "#gateway/core-link/core-link.ts";
import { HoloError } from "#shared/errors/holo-error.ts";

/**
 * Waits for the link's first outcome. A core with another game's certificate fails the start with that
 * message; an unreachable core does not (the link keeps retrying, and players see the game as restarting).
 */
export function waitForFirstContact(
  link: Pick<CoreLink, "state" | "onStateChange">,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (): boolean => {
      const state = link.state();
      if (state.kind === "ready") return finish(resolve);
      if (state.kind !== "backoff") return false;
      if (state.lastError.includes("certificate for another game")) {
        return finish(() => reject(new HoloError("failed_precondition", state.lastError)));
      }
      return finish(resolve);
    };
    const onAbort = () => finish(resolve);
    const off = link.onStateChange(() => settle());
    const finish = (done: () => void): true => {
      off();
      signal.removeEventListener("abort", onAbort);
      done();
      return true;
    };
    signal.addEventListener("abort", onAbort, { once: true });
    settle();
  });
}
