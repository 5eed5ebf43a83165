// The phases that hold connections: memory per logged-in connection, and how many one gateway holds.
import { runLoadgen } from "./loadgen-runner.ts";
import { at, type Phase, plainConnect } from "./phase.ts";
import { totalKiB } from "./proc-memory.ts";
import type { ServerUnderTest } from "./processes.ts";

/** Samples the server's RSS, and its anonymous part, when loadgen starts holding its logged-in connections. */
function rssWhileHolding(server: ServerUnderTest) {
  let holding: number | undefined;
  let anon: number | undefined;
  let loggedIn = 0;
  return {
    onProgress(line: string) {
      if (line.includes("idle: holding")) {
        holding = totalKiB(server.pids);
        anon = totalKiB(server.pids, "RssAnon");
      }
      const progress = /logged in (\d+)\/\d+/.exec(line);
      if (progress) loggedIn = Math.max(loggedIn, Number(progress[1]));
    },
    /** RSS in KiB while the connections were held. */
    holdingKiB: () => holding ?? null,
    /** The anonymous part of it: without the executable's and libraries' pages. */
    holdingAnonKiB: () => anon ?? null,
    /** The highest count loadgen reported while logging in, for a run stopped before its summary. */
    loggedInSoFar: () => loggedIn,
  };
}

const perConnection = (kib: number | null, base: number | null, n: number | null, subtract: boolean) =>
  kib === null || !n ? null : (kib - (subtract ? (base ?? 0) : 0)) / n;

/** RSS of the whole server (core + gateway for HoloMUSH) divided by the connections logged in. */
export const memory: Phase = {
  name: "memory",
  characters: (sizes) => sizes.memoryConnections,
  figures: [
    { key: "perConnKiB", label: "memory: RSS / logged-in connection (KiB)", better: "lower" },
    { key: "anonPerConnKiB", label: "memory: anonymous RSS / logged-in connection (KiB)", better: "lower" },
    { key: "deltaPerConnKiB", label: "memory: RSS growth / connection (KiB)", better: "lower" },
    { key: "loggedIn", label: "memory: connections logged in", better: "higher" },
  ],
  async run(ctx, server, sizes) {
    const before = totalKiB(server.pids) ?? null;
    const sampler = rssWhileHolding(server);
    const { json } = await runLoadgen(ctx, server, {
      label: "memory",
      scenario: "idle",
      maxSeconds: sizes.maxSeconds,
      onProgress: sampler.onProgress,
      args: [
        ...["--clients", String(sizes.memoryConnections), "--hold", "3", "--probe-rounds", "0"],
        ...plainConnect(sizes),
      ],
    });
    const loggedIn = at(json, "results.loggedIn");
    return {
      perConnKiB: perConnection(sampler.holdingKiB(), before, loggedIn, false),
      anonPerConnKiB: perConnection(sampler.holdingAnonKiB(), null, loggedIn, false),
      deltaPerConnKiB: perConnection(sampler.holdingKiB(), before, loggedIn, true),
      loggedIn,
    };
  },
};

/** As many logged-in connections as one server holds (up to the size asked), then a say that must reach all. */
export const connections: Phase = {
  name: "connections",
  characters: (sizes) => sizes.connections,
  figures: [
    { key: "held", label: "connections: held after logging in", better: "higher" },
    { key: "probeReached", label: "connections: probe say reached (recipients)", better: "higher" },
    { key: "probeLastMs", label: "connections: probe say to last recipient (ms)", better: "lower" },
    { key: "perConnKiB", label: "connections: RSS / connection (KiB)", better: "lower" },
    { key: "anonPerConnKiB", label: "connections: anonymous RSS / connection (KiB)", better: "lower" },
  ],
  async run(ctx, server, sizes) {
    const sampler = rssWhileHolding(server);
    const { json } = await runLoadgen(ctx, server, {
      label: "connections",
      scenario: "idle",
      maxSeconds: sizes.maxSeconds,
      onProgress: sampler.onProgress,
      args: [
        ...["--clients", String(sizes.connections)],
        ...["--hold", "3", "--probe-rounds", "1", "--fail-fast", "50"],
        ...plainConnect(sizes),
      ],
    });
    const held =
      at(json, "results.stillOpenAfterHold") ?? at(json, "results.loggedIn") ?? sampler.loggedInSoFar();
    return {
      held,
      probeReached: at(json, "results.probe.delivered"),
      probeLastMs: at(json, "results.probe.lastRecipientMs.max"),
      perConnKiB: perConnection(sampler.holdingKiB(), null, held, false),
      anonPerConnKiB: perConnection(sampler.holdingAnonKiB(), null, held, false),
    };
  },
};
