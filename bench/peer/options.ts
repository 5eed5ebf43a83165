// The command line of bench/peer.ts.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fullSizes, type PhaseName, type PhaseSizes, phaseNames, quickSizes } from "./sizes.ts";

/** What one comparison run does. */
export interface PeerOptions {
  readonly holomush: string;
  readonly harness: string;
  readonly phases: readonly PhaseName[];
  readonly quick: boolean;
  readonly sizes: PhaseSizes;
  readonly markdown: string | undefined;
  /** Where HoloMUSH's core and gateway write CPU profiles (core.cpuprofile, gateway.cpuprofile) when they stop. */
  readonly cpuProf: string | undefined;
}

/** How to call it. */
export const usage = `usage: bun bench/peer.ts [--holomush PATH] [--only ${phaseNames.join(",")}] [--quick]
       [--logins N] [--connections N] [--markdown FILE] [--cpu-prof DIR]
--holomush takes the binary, or src/cli.ts to run from source (readable names in --cpu-prof profiles).
Runs HoloMUSH and TinyMUX side by side on loopback and prints HoloMUSH / TinyMUX ratios.
The harness comes from $HOLOMUSH_BENCH_HARNESS, else ../shared/bench next to the repository.`;

const positive = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2) throw new Error(`--${name} wants a whole number of at least 2`);
  return n;
};

/** Parses `argv` (without the runtime and script); `env` gives the harness folder. */
export function parsePeerOptions(
  argv: readonly string[],
  repoRoot: string,
  env: NodeJS.ProcessEnv,
): PeerOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      holomush: { type: "string" },
      only: { type: "string" },
      quick: { type: "boolean", default: false },
      logins: { type: "string" },
      connections: { type: "string" },
      markdown: { type: "string" },
      "cpu-prof": { type: "string" },
    },
  });
  const phases = values.only
    ? values.only.split(",").map((p) => {
        if (!(phaseNames as readonly string[]).includes(p))
          throw new Error(`unknown phase ${p}; phases: ${phaseNames.join(", ")}`);
        return p as PhaseName;
      })
    : [...phaseNames];
  const base = values.quick ? quickSizes : fullSizes;
  const logins = positive("logins", values.logins);
  const connections = positive("connections", values.connections);
  const holomush = resolve(values.holomush ?? join(repoRoot, "dist/holomush"));
  const harness = resolve(env.HOLOMUSH_BENCH_HARNESS ?? join(repoRoot, "../shared/bench"));
  if (!existsSync(holomush))
    throw new Error(`no HoloMUSH binary at ${holomush}; build it with scripts/build-binary.ts`);
  if (!existsSync(join(harness, "loadgen.mjs")))
    throw new Error(`no loadgen.mjs in ${harness}; set HOLOMUSH_BENCH_HARNESS`);
  return {
    holomush,
    harness,
    // Keep the phase order fixed whatever order --only lists them in.
    phases: phaseNames.filter((p) => phases.includes(p)),
    quick: values.quick ?? false,
    sizes: {
      ...base,
      ...(logins ? { logins, memoryConnections: logins } : {}),
      ...(connections ? { connections } : {}),
    },
    markdown: values.markdown,
    cpuProf: values["cpu-prof"] === undefined ? undefined : resolve(values["cpu-prof"]),
  };
}
