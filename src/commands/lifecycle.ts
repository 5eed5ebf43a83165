import { join } from "node:path";
import { takeAdminPassword } from "#core/admin-password-file.ts";
import { loadCoreConfig, loadGatewayConfig, resolvePaths } from "#shared/config/process-config.ts";
import {
  type ControlResponse,
  controlRequest,
  waitForExit,
  waitForReady,
} from "#shared/control/control-client.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import { readPidFile, removePidFile, writePidFile } from "#shared/process/pid-file.ts";
import { isProcessAlive } from "#shared/process/process-alive.ts";
import { spawnDetached } from "#shared/process/spawn-detached.ts";
import { tailFile } from "#shared/process/tail-file.ts";
import { type ProcessName, processFiles } from "./process-paths.ts";
import { selfCommand } from "./self-command.ts";
import { printStatusReport } from "./status-report.ts";

const startTimeoutMs = 60_000;
const stopTimeoutMs = 30_000;

/** Validates the config the child would load, so a bad flag fails here and not in a log file. */
function validate(name: ProcessName, flags: Readonly<Record<string, unknown>>) {
  return name === "core" ? loadCoreConfig(flags) : loadGatewayConfig(flags);
}

/** `run`: the service in this process, until SIGTERM, SIGINT or POST /shutdown. */
export async function runInForeground(
  name: ProcessName,
  flags: Readonly<Record<string, unknown>>,
): Promise<void> {
  const { runService } = await import("./run-service.ts");
  await runService(name, validate(name, flags));
}

function describeRunning(name: ProcessName, response: ControlResponse): string | undefined {
  if (response.kind !== "answered") return undefined;
  const pid = (response.json as { pid?: number } | undefined)?.pid;
  return `${name} is already running${pid ? ` (pid ${pid})` : ""}`;
}

/** `start`: spawns `run` detached with the same flags, and returns once /ready answers. */
export async function startDetached(
  name: ProcessName,
  flags: Readonly<Record<string, unknown>>,
  rawArgs: readonly string[],
): Promise<void> {
  const config = validate(name, flags);
  const files = processFiles(config.paths, name);
  const running = describeRunning(name, await controlRequest(files.socketPath, "/status"));
  if (running) throw new HoloError("failed_precondition", running);
  const logStart = Bun.file(files.logPath).size;
  const pid = await spawnDetached({
    argv: [...selfCommand(), name, "run", ...rawArgs],
    logPath: files.logPath,
  });
  await writePidFile(files.pidPath, pid);
  const result = await waitForReady(files.socketPath, {
    timeoutMs: startTimeoutMs,
    isAlive: () => isProcessAlive(pid),
  });
  if (result.kind === "ready") {
    process.stdout.write(`${name} started (pid ${pid}); log: ${files.logPath}\n`);
    const password = name === "core" ? takeAdminPassword(config.paths.configDir) : undefined;
    if (password)
      process.stdout.write(`Created the admin account. Log in with:  connect admin ${password}\n`);
    return;
  }
  const tail = await logTailSince(files.logPath, logStart);
  if (result.kind === "timed_out") {
    throw new HoloError(
      "deadline_exceeded",
      `${name} (pid ${pid}) did not become ready in ${startTimeoutMs / 1000} s; last log lines:\n${tail}`,
    );
  }
  await removePidFile(files.pidPath, pid);
  throw new HoloError("unavailable", `${name} exited during start; last log lines:\n${tail}`);
}

async function logTailSince(path: string, offset: number): Promise<string> {
  const text = await Bun.file(path)
    .slice(offset)
    .text()
    .catch(() => "");
  const lines = text.trimEnd().split("\n").slice(-15).join("\n");
  return lines || (await tailFile(path, 15));
}

/** `stop`: POST /shutdown on the control socket, then waits for the process to exit. */
export async function stopRunning(
  name: ProcessName,
  flags: Readonly<Record<string, unknown>>,
): Promise<void> {
  const files = processFiles(resolvePaths(flags), name);
  const status = await controlRequest(files.socketPath, "/status");
  if (status.kind === "not_running") throw new HoloError("failed_precondition", `${name} is not running`);
  const pid =
    (status.kind === "answered" ? (status.json as { pid?: number } | undefined)?.pid : undefined) ??
    (await readPidFile(files.pidPath));
  if (status.kind === "unresponsive") {
    throw new HoloError(
      "unavailable",
      `${name}${pid ? ` (pid ${pid})` : ""} does not answer on ${files.socketPath}; stop it with kill`,
    );
  }
  await controlRequest(files.socketPath, "/shutdown", { method: "POST" });
  if (pid !== undefined && !(await waitForExit(pid, { timeoutMs: stopTimeoutMs }))) {
    throw new HoloError(
      "deadline_exceeded",
      `${name} (pid ${pid}) did not exit within ${stopTimeoutMs / 1000} s`,
    );
  }
  process.stdout.write(`${name} stopped${pid ? ` (pid ${pid})` : ""}\n`);
}

/** `reload`: POST /reload on the control socket (the core reloads its plugins, help and motd file) and prints what it did. */
export async function reloadRunning(
  name: ProcessName,
  flags: Readonly<Record<string, unknown>>,
): Promise<void> {
  const files = processFiles(resolvePaths(flags), name);
  const response = await controlRequest(files.socketPath, "/reload", { method: "POST", timeoutMs: 30_000 });
  if (response.kind === "not_running") throw new HoloError("failed_precondition", `${name} is not running`);
  if (response.kind === "unresponsive")
    throw new HoloError("unavailable", `${name} did not answer the reload within 30 s`);
  const body = (response.json ?? {}) as {
    error?: string;
    plugins?: { name: string; version: string }[];
    help?: { topics: number; staff: number };
    motdFile?: boolean;
  };
  if (response.status !== 200)
    throw new HoloError("failed_precondition", `reload failed: ${body.error ?? response.text}`);
  const plugins = body.plugins ?? [];
  process.stdout.write(`${name} reloaded ${plugins.length} plugin${plugins.length === 1 ? "" : "s"}\n`);
  for (const p of plugins) process.stdout.write(`  ${p.name} ${p.version}\n`);
  if (body.help)
    process.stdout.write(`help: ${body.help.topics} topics, ${body.help.staff} from the help directory\n`);
  if (body.motdFile !== undefined) process.stdout.write(`motd file: ${body.motdFile ? "read" : "none"}\n`);
}

/** `restart`: stop when running, then start. */
export async function restartDetached(
  name: ProcessName,
  flags: Readonly<Record<string, unknown>>,
  rawArgs: readonly string[],
): Promise<void> {
  validate(name, flags);
  const files = processFiles(resolvePaths(flags), name);
  if ((await controlRequest(files.socketPath, "/status")).kind !== "not_running")
    await stopRunning(name, flags);
  await startDetached(name, flags, rawArgs);
}

/** `status`: a table or JSON for the named processes; returns the exit code (1 when any is down). */
export async function printStatus(
  names: readonly ProcessName[],
  flags: Readonly<Record<string, unknown>>,
): Promise<number> {
  const paths = resolvePaths(flags);
  return printStatusReport(
    await Promise.all(
      names.map(async (name) => ({
        name,
        response: await controlRequest(processFiles(paths, name).socketPath, "/status"),
      })),
    ),
    flags.json === true,
  );
}

/** The log directory, for messages. */
export function logsDir(flags: Readonly<Record<string, unknown>>): string {
  return join(resolvePaths(flags).logsDir);
}
