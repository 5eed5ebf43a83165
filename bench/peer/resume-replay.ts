// Resume replay: one client drops, the others say N lines, it reconnects; how long until the last of the
// N missed lines reaches it, and how many did.
import { type LoadgenContext, runLoadgen } from "./loadgen-runner.ts";
import type { ServerUnderTest } from "./processes.ts";

/** The clients of the resume measurement: one that drops, two that talk. */
export const resumeClients = 3;

/** What the reconnecting client got back. */
export interface ResumeReplay {
  readonly missed: number | null;
  readonly replayed: number | null;
  /** From the start of the reconnect to the last missed line arriving; null when none arrived. */
  readonly lastReplayMs: number | null;
  readonly reloginMs: number | null;
  readonly inOrder: boolean | null;
}

/** Runs loadgen's reconnect scenario once with `lines` missed lines. */
export async function measureResumeReplay(
  ctx: LoadgenContext,
  server: ServerUnderTest,
  lines: number,
  maxSeconds: number,
): Promise<ResumeReplay> {
  const { json } = await runLoadgen(ctx, server, {
    label: "resume",
    scenario: "reconnect",
    maxSeconds,
    args: [
      ...["--clients", String(resumeClients), "--lines", String(lines), "--rounds", "1"],
      ...["--login-order", "connect", "--login-timeout", "60000"],
      // Long enough for a replay of `lines` lines to finish on a loaded machine; it is always waited in full.
      ...["--replay-wait", String(Math.max(3000, lines * 10))],
    ],
  });
  const results = json?.results as { detail?: Record<string, unknown>[] } | undefined;
  const cycle = results?.detail?.[0] ?? {};
  const num = (v: unknown) => (typeof v === "number" ? v : null);
  return {
    missed: num(cycle.missedLines),
    replayed: num(cycle.replayedLines),
    lastReplayMs: num(cycle.lastReplayMs),
    reloginMs: num(cycle.reloginMs),
    inOrder: typeof cycle.replayInOrder === "boolean" ? cycle.replayInOrder : null,
  };
}
