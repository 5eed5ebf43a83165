const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * A span for players, rounded up to the coarsest unit that still reads exactly enough: "1 minute",
 * "25 minutes", "3 hours", "2 days". Used for time left on a mute or ban, so it never reads shorter than it is.
 */
export function durationText(ms: number): string {
  const m = Math.max(1, Math.ceil(ms / MINUTE));
  if (m < 120) return unit(m, "minute");
  if (m < 48 * 60) return unit(Math.ceil(ms / HOUR), "hour");
  return unit(Math.ceil(ms / DAY), "day");
}
