// The phases that drive traffic: logins, throughput, fan-out and resume replay.

import { noteCharactersExist } from "./characters.ts";
import { runLoadgen } from "./loadgen-runner.ts";
import { at, type Phase, pick, plainConnect, seconds } from "./phase.ts";
import { measureResumeReplay, resumeClients } from "./resume-replay.ts";

/** Creating characters through the login screen, a fixed number at a time. */
export const logins: Phase = {
  name: "logins",
  characters: () => 0,
  figures: [
    { key: "totalS", label: "logins: total time (s)", better: "lower" },
    { key: "failed", label: "logins: failed", better: "lower" },
    { key: "p50Ms", label: "logins: one login p50 (ms)", better: "lower" },
  ],
  async run(ctx, server, sizes) {
    // The characters are created here, through the login screen, as a new player would.
    const { json } = await runLoadgen(ctx, server, {
      label: "logins",
      scenario: "idle",
      maxSeconds: sizes.maxSeconds,
      args: [
        ...["--clients", String(sizes.logins), "--login-concurrency", String(sizes.loginConcurrency)],
        ...["--login-order", `${server.createStep},connect`, "--hold", "0", "--probe-rounds", "0"],
      ],
    });
    const failed = (at(json, "results.loginFailed") ?? 0) + (at(json, "results.loginNotAttempted") ?? 0);
    if (json?.results && failed === 0) noteCharactersExist(server, sizes.logins);
    return {
      totalS: seconds(at(json, "results.timeToLogAllInMs")),
      failed: json?.results ? failed : sizes.logins,
      p50Ms: at(json, "results.perLoginMs.p50"),
    };
  },
};

/** Closed-loop says from many clients at once. */
export const throughput: Phase = {
  name: "throughput",
  characters: (sizes) => sizes.throughputClients,
  figures: [
    { key: "cmdsPerS", label: "throughput: commands/s", better: "higher" },
    { key: "ackP99", label: "throughput: echo latency p99 (ms)", better: "lower" },
    { key: "deliveryP99", label: "throughput: delivery latency p99 (ms)", better: "lower" },
    { key: "late", label: "throughput: deliveries > 5 s late", better: "lower" },
    { key: "clients", label: "throughput: clients logged in", better: "higher" },
  ],
  async run(ctx, server, sizes) {
    const { json } = await runLoadgen(ctx, server, {
      label: "throughput",
      scenario: "throughput",
      maxSeconds: sizes.maxSeconds,
      args: [
        ...["--clients", String(sizes.throughputClients), "--duration", String(sizes.throughputSeconds)],
        ...plainConnect(sizes),
      ],
    });
    return pick(json, {
      cmdsPerS: "results.commandsPerSec",
      ackP99: "results.ackLatencyMs.p99",
      deliveryP99: "results.deliveryLatencyMs.p99",
      late: "results.lost",
      clients: "results.clientsReady",
    });
  },
};

/** One say at a time, heard by everyone in the room. */
export const fanout: Phase = {
  name: "fanout",
  characters: (sizes) => sizes.fanoutClients,
  figures: [
    { key: "p50", label: "fan-out: per-recipient p50 (ms)", better: "lower" },
    { key: "p99", label: "fan-out: per-recipient p99 (ms)", better: "lower" },
    { key: "echoP50", label: "fan-out: speaker echo p50 (ms)", better: "lower" },
    { key: "lost", label: "fan-out: lost deliveries", better: "lower" },
    { key: "clients", label: "fan-out: clients logged in", better: "higher" },
  ],
  async run(ctx, server, sizes) {
    const { json } = await runLoadgen(ctx, server, {
      label: "fanout",
      scenario: "fanout",
      maxSeconds: sizes.maxSeconds,
      args: [
        ...["--clients", String(sizes.fanoutClients), "--rounds", String(sizes.fanoutRounds)],
        ...["--gap", String(sizes.fanoutGapMs)],
        ...plainConnect(sizes),
      ],
    });
    return pick(json, {
      p50: "results.deliveryLatencyMs.p50",
      p99: "results.deliveryLatencyMs.p99",
      echoP50: "results.senderEchoMs.p50",
      lost: "results.lost",
      clients: "results.clientsReady",
    });
  },
};

/** Lines missed while disconnected, sent again after a reconnect. */
export const resume: Phase = {
  name: "resume",
  characters: () => resumeClients,
  figures: [
    { key: "replayed", label: "resume: missed lines replayed", better: "higher" },
    { key: "lastMs", label: "resume: reconnect to last replayed line (ms)", better: "lower" },
  ],
  async run(ctx, server, sizes) {
    const replay = await measureResumeReplay(ctx, server, sizes.resumeLines, sizes.maxSeconds);
    return { replayed: replay.replayed, lastMs: replay.lastReplayMs };
  },
};
