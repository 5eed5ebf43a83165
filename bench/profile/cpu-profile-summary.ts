// Reduces a V8/JSC-style .cpuprofile (what `bun --cpu-prof` writes) to self and inclusive time per function
// and per file.

/** The parts of a .cpuprofile this reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
    };
    readonly children?: readonly number[];
  }[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** Time spent in one function or file, in milliseconds. */
export interface ProfileRow {
  readonly name: string;
  /** Time with this function (or file) on top of the stack. */
  readonly selfMs: number;
  /** Time with it anywhere on the stack, counted once per sample even when it recurses. */
  readonly inclusiveMs: number;
}

/** A whole profile, summarised both ways. */
export interface ProfileSummary {
  readonly totalMs: number;
  /** Sampled time outside "(idle)": the process was doing something. */
  readonly busyMs: number;
  readonly byFunction: readonly ProfileRow[];
  readonly byFile: readonly ProfileRow[];
}

type Node = CpuProfile["nodes"][number];

// Frames without a script (native code, the runtime's own work, idle) are one "file" for the file view.
const fileOf = (node: Node) => node.callFrame.url.replace(/^file:\/\//, "") || "(native)";
const functionOf = (node: Node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName || "(anonymous)";
  if (!url) return name;
  const file = url
    .replace(/^file:\/\//, "")
    .split("/")
    .slice(-2)
    .join("/");
  return `${name} ${file}:${lineNumber + 1}`;
};

/** How long each sample stands for: the gap to the next sample (the last one gets the mean gap). */
function sampleDurations(profile: CpuProfile): number[] {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const mean = samples.length ? (profile.endTime - profile.startTime) / samples.length : 0;
  return samples.map((_, i) => Math.max(0, deltas[i + 1] ?? mean) / 1000);
}

function tally(profile: CpuProfile, keyOf: (node: Node) => string): ProfileRow[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // The distinct keys on the stack of each sampled node, worked out once per node.
  const stackKeys = new Map<number, string[]>();
  const keysFor = (id: number): string[] => {
    const cached = stackKeys.get(id);
    if (cached) return cached;
    const keys = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (node && node.callFrame.functionName !== "(root)") keys.add(keyOf(node));
    }
    const list = [...keys];
    stackKeys.set(id, list);
    return list;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const durations = sampleDurations(profile);
  (profile.samples ?? []).forEach((id, i) => {
    const node = byId.get(id);
    const ms = durations[i] ?? 0;
    if (!node) return;
    self.set(keyOf(node), (self.get(keyOf(node)) ?? 0) + ms);
    for (const key of keysFor(id)) inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
  });
  return [...inclusive.keys()].map((name) => ({
    name,
    selfMs: self.get(name) ?? 0,
    inclusiveMs: inclusive.get(name) ?? 0,
  }));
}

/** Summarises `profile`: every function and file with its self and inclusive time. */
export function summarizeCpuProfile(profile: CpuProfile): ProfileSummary {
  const byFunction = tally(profile, functionOf);
  const totalMs = sampleDurations(profile).reduce((a, b) => a + b, 0);
  const idle = byFunction.find((r) => r.name === "(idle)")?.selfMs ?? 0;
  return { totalMs, busyMs: totalMs - idle, byFunction, byFile: tally(profile, fileOf) };
}

/** The `top` rows by self or inclusive time, largest first. */
export function topRows(rows: readonly ProfileRow[], by: "self" | "inclusive", top: number): ProfileRow[] {
  const key = by === "self" ? "selfMs" : "inclusiveMs";
  return [...rows].sort((a, b) => b[key] - a[key] || a.name.localeCompare(b.name)).slice(0, top);
}
