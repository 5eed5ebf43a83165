// Runs the shared harness's loadgen.mjs as a child process, bounded in time, and returns its JSON.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ServerUnderTest } from "./processes.ts";

/** Where the harness lives and where results go. */
export interface LoadgenContext {
  readonly harness: string;
  readonly resultsDir: string;
  /** The runtime that runs loadgen for both servers: node when installed, else this Bun. */
  readonly runtime: string;
  readonly log: (line: string) => void;
  /** The pids of loadgen runs in progress, so an interrupted run can stop them. */
  readonly running: Set<number>;
}

/** One loadgen run against one server. */
export interface LoadgenRun {
  readonly label: string;
  readonly scenario: "fanout" | "throughput" | "idle" | "reconnect" | "accounts";
  readonly args: readonly string[];
  /** Hard cap for the run; loadgen stops itself then and still prints partial figures. */
  readonly maxSeconds: number;
  /** Called for each progress line loadgen writes to stderr. */
  readonly onProgress?: (line: string) => void;
}

/** loadgen's final JSON object (its last stdout line); `exitCode` 3 means it hit `maxSeconds`. */
export interface LoadgenResult {
  readonly exitCode: number;
  readonly json: Record<string, unknown> | undefined;
}

/** The loadgen runtime: node when on PATH (as the harness README uses), else the running Bun. */
export function loadgenRuntime(): string {
  return Bun.which("node") ?? process.execPath;
}

async function forEachLine(
  stream: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk, { stream: true });
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  }
  if (buffered) onLine(buffered);
}

/** Runs one scenario against `server`; the JSON is also written to the results folder. */
export async function runLoadgen(
  ctx: LoadgenContext,
  server: ServerUnderTest,
  run: LoadgenRun,
): Promise<LoadgenResult> {
  const profile = join(ctx.harness, "profiles", `${server.name}.json`);
  const jsonOut = join(ctx.resultsDir, `${server.name}-${run.label}.json`);
  const argv = [
    ctx.runtime,
    join(ctx.harness, "loadgen.mjs"),
    ...["--profile", profile, "--port", String(server.port), "--scenario", run.scenario],
    ...[
      "--max-seconds",
      String(run.maxSeconds),
      "--json-out",
      jsonOut,
      "--label",
      `${server.name} ${run.label}`,
    ],
    ...run.args,
  ];
  ctx.log(`${server.name} ${run.label}: ${argv.slice(1).join(" ")}`);
  const child = Bun.spawn(argv, { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  ctx.running.add(child.pid);
  // Invariant: loadgen's own cap ends it; this one only catches a harness that hangs past it.
  const guard = setTimeout(() => child.kill("SIGKILL"), (run.maxSeconds + 60) * 1000);
  let last = "";
  const stdout = forEachLine(child.stdout, (line) => {
    if (line.trim()) last = line;
  });
  const stderr = forEachLine(child.stderr, (line) => {
    run.onProgress?.(line);
    ctx.log(`  ${server.name} ${run.label}: ${line}`);
  });
  const exitCode = await child.exited;
  ctx.running.delete(child.pid);
  clearTimeout(guard);
  await Promise.all([stdout, stderr]);
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(last) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  if (!json) writeFileSync(jsonOut, JSON.stringify({ exitCode, lastLine: last }));
  ctx.log(`${server.name} ${run.label}: exit ${exitCode}`);
  return { exitCode, json };
}
