/** How long someone has been on, as MUSH WHO lists show it: `05:07` (hours:minutes), `2d 03:15` past a day. */
export function onFor(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hh = String(Math.floor((minutes % 1440) / 60)).padStart(2, "0");
  const mm = String(minutes % 60).padStart(2, "0");
  return days > 0 ? `${days}d ${hh}:${mm}` : `${hh}:${mm}`;
}

/** An idle time in its largest unit, as MUSH WHO lists show it: `42s`, `7m`, `3h`, `2d`. */
export function idleFor(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** A moment as a UTC date and time, `2026-12-02 14:05 UTC`: the same for every player and in tests. */
export function utcTime(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** One WHO row: the name in 20 columns, on-for right-aligned in 9, idle in 5, then the doing text. */
export function whoRow(name: string, on: string, idle: string, doing: string): string {
  return `${name.padEnd(20)}${on.padStart(9)}${idle.padStart(6)}  ${doing}`.trimEnd();
}
