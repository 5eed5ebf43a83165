import type { Timers } from "#shared/util/timers.ts";

/** The one line a player sees while a login waits its turn at a busy core. */
export const busyNotice = "[Checking your password - the game is busy, please wait...]";

/** How long a login call may wait before the player is told the game is busy. */
export const busyNoticeAfterMs = 3000;

/**
 * Awaits `call`, and calls `tell` once if it has not settled after `afterMs`. The call itself is never cut
 * short: a slow login is a busy core, not a lost one, and dropping it would only make the player try again.
 */
export async function withBusyNotice<T>(
  call: Promise<T>,
  timers: Timers,
  tell: () => void,
  afterMs = busyNoticeAfterMs,
): Promise<T> {
  const cancel = timers.after(afterMs, tell);
  try {
    return await call;
  } finally {
    cancel();
  }
}
