// Starting and stopping the two servers under test. Every process started here is stopped by its pid,
// gateway before core, when the returned handle is disposed, whatever happened in between.
import { openSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { controlRequest, waitForExit, waitForReady } from "#shared/control/control-client.ts";
import { isProcessAlive } from "#shared/process/process-alive.ts";

/** A server ready to be measured, on loopback. */
export interface ServerUnderTest extends AsyncDisposable {
  readonly name: "holomush" | "tinymux";
  readonly port: number;
  /** Every process whose memory counts as the server's (core and gateway for HoloMUSH). */
  readonly pids: readonly number[];
  /** The login step that creates a character on this server. */
  readonly createStep: "register" | "create";
}

/** A free loopback TCP port, found by binding port 0 and letting it go. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Sends SIGTERM, then SIGKILL if `pid` is still there after `graceMs`. */
export async function stopPid(pid: number, graceMs = 10_000): Promise<void> {
  if (!isProcessAlive(pid)) return;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  if (await waitForExit(pid, { timeoutMs: graceMs, intervalMs: 50 })) return;
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone between the check and the kill.
  }
  await waitForExit(pid, { timeoutMs: 5_000, intervalMs: 50 });
}

const tail = (path: string) => {
  try {
    return readFileSync(path, "utf8").split("\n").slice(-15).join("\n");
  } catch {
    return "(no log)";
  }
};

/** The flags that put HoloMUSH in a fresh game under `root`, on loopback, with its limits out of the way. */
function holomushArgs(root: string) {
  const dirs = ["config", "data", "state", "run"].map((d) => join(root, d));
  const [configDir, dataDir, stateDir, runtimeDir] = dirs as [string, string, string, string];
  const common = [
    `--config-dir=${configDir}`,
    `--data-dir=${dataDir}`,
    `--state-dir=${stateDir}`,
    `--runtime-dir=${runtimeDir}`,
    "--log-format=json",
  ];
  return {
    runtimeDir,
    core: [
      ...common,
      "--grpc-addr=127.0.0.1:0",
      // The resume phase replays 1,000 missed lines; the default bound of 500 would cut it short. No higher: the
      // memory phase's returning characters each replay up to this bound of what the earlier phases said.
      "--replay-limit=1000",
      // The benchmark's characters are registered from one address at the login screen.
      "--registrations-per-ip-per-hour=1000000",
      "--registrations-per-hour=1000000",
    ],
    gateway: [
      ...common,
      "--telnet-addr=127.0.0.1:0",
      "--telnet-tls-addr=127.0.0.1:0",
      "--web-addr=127.0.0.1:0",
      "--max-connections-per-ip=30000",
      "--max-connections=30000",
      "--login-timeout=60m",
    ],
  };
}

/** Spawns `binary service run`, waits until its control socket says ready; returns the pid. */
async function spawnService(
  binary: string,
  service: "core" | "gateway",
  args: readonly string[],
  socket: string,
  logPath: string,
  env: Record<string, string>,
): Promise<number> {
  const log = openSync(logPath, "a");
  // A .ts entry (src/cli.ts) runs under this Bun, which keeps function names readable in a CPU profile.
  const command = binary.endsWith(".ts") ? [process.execPath, binary] : [binary];
  const profiling = env.HOLOMUSH_BENCH_CPU_PROF;
  const childEnv = profiling
    ? { ...env, BUN_OPTIONS: `--cpu-prof --cpu-prof-dir=${profiling} --cpu-prof-name=${service}.cpuprofile` }
    : env;
  const child = Bun.spawn([...command, service, "run", ...args], {
    env: childEnv,
    stdin: "ignore",
    stdout: log,
    stderr: log,
  });
  const ready = await waitForReady(socket, {
    timeoutMs: 90_000,
    intervalMs: 100,
    isAlive: () => child.exitCode === null,
  });
  if (ready.kind !== "ready") {
    await stopPid(child.pid);
    throw new Error(
      `holomush ${service} did not become ready (${ready.kind}); last log lines:\n${tail(logPath)}`,
    );
  }
  return child.pid;
}

/** Starts a fresh HoloMUSH (core, then gateway) on the embedded store under `root`; `cpuProfDir` profiles both. */
export async function startHolomush(
  binary: string,
  root: string,
  cpuProfDir?: string,
  extraEnv: Record<string, string> = {},
): Promise<ServerUnderTest> {
  await mkdir(root, { recursive: true });
  const args = holomushArgs(root);
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: root,
    HOLOMUSH_ADMIN_PASSWORD: "bench-admin-pass-phrase",
    ...(cpuProfDir ? { HOLOMUSH_BENCH_CPU_PROF: cpuProfDir } : {}),
    ...extraEnv,
  };
  const pids: number[] = [];
  const stopAll = async () => {
    for (const pid of [...pids].reverse()) await stopPid(pid);
  };
  try {
    const coreSocket = join(args.runtimeDir, "core.sock");
    pids.push(await spawnService(binary, "core", args.core, coreSocket, join(root, "core.log"), env));
    const gatewaySocket = join(args.runtimeDir, "gateway.sock");
    pids.push(
      await spawnService(binary, "gateway", args.gateway, gatewaySocket, join(root, "gateway.log"), env),
    );
    const status = await controlRequest(gatewaySocket, "/status");
    const telnet =
      status.kind === "answered"
        ? (status.json as { listening?: { telnet?: string } }).listening?.telnet
        : undefined;
    const port = Number(/:(\d+)$/.exec(telnet ?? "")?.[1]);
    if (!port) throw new Error(`the gateway did not report its telnet port (${JSON.stringify(status)})`);
    return { name: "holomush", port, pids, createStep: "register", [Symbol.asyncDispose]: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Starts TinyMUX in a fresh game under `root` with the harness's script; stopping it kills its pid. */
export async function startTinymux(harness: string, root: string): Promise<ServerUnderTest> {
  const port = await freePort();
  const run = Bun.spawn(["bash", join(harness, "peer-tinymux.sh"), "start", root, String(port)], {
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(run.stdout).text(),
    new Response(run.stderr).text(),
    run.exited,
  ]);
  const pid = Number(out.trim().split(/\s+/)[0]);
  if (code !== 0 || !pid)
    throw new Error(`peer-tinymux.sh start failed (${code}): ${err.trim() || out.trim()}`);
  return {
    name: "tinymux",
    port,
    pids: [pid],
    createStep: "create",
    [Symbol.asyncDispose]: () => stopPid(pid),
  };
}
