import type { Subprocess } from "bun";
import { takeAdminPassword } from "#core/admin-password-file.ts";
import { loadCoreConfig, loadGatewayConfig } from "#shared/config/process-config.ts";
import { envName, settingSpecs } from "#shared/config/settings.ts";
import { controlRequest, waitForReady } from "#shared/control/control-client.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import { type ProcessName, processFiles } from "./process-paths.ts";
import { selfCommand } from "./self-command.ts";

/** The flags from `rawArgs` that belong to `name` (common ones go to both). */
export function flagsFor(name: ProcessName, rawArgs: readonly string[]): string[] {
  const scopeOf = new Map(settingSpecs.map((s) => [s.flag, s.scope]));
  const valued = new Set(settingSpecs.filter((s) => s.kind === "string").map((s) => s.flag));
  const out: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] as string;
    const flag = arg.replace(/^--(no-)?/, "").split("=")[0] as string;
    const takesNext = valued.has(flag) && !arg.includes("=");
    const scope = scopeOf.get(flag);
    if (scope === "common" || scope === name) out.push(arg, ...(takesNext ? [rawArgs[i + 1] as string] : []));
    if (takesNext) i++;
  }
  return out;
}

/**
 * The flags `dev` passes to its children. `dev` talks to a person: with no log format chosen (flag or
 * environment) and a terminal on stdout, the children log readable text; otherwise JSON, as services do.
 */
export function devChildArgs(
  name: ProcessName,
  rawArgs: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  terminal: boolean,
): string[] {
  const args = flagsFor(name, rawArgs);
  const chosen = args.some((a) => /^--log-format(=|$)/.test(a)) || env[envName("log-format")] !== undefined;
  return chosen || !terminal ? args : [...args, "--log-format=text"];
}

/**
 * `rawArgs` with `flag` set to `value`: any earlier `--flag=v` or `--flag v` is dropped, since a flag given twice
 * is not a setting changed.
 */
export function withFlag(rawArgs: readonly string[], flag: string, value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] as string;
    if (arg === `--${flag}`) i++;
    else if (!arg.startsWith(`--${flag}=`)) out.push(arg);
  }
  return [...out, `--${flag}=${value}`];
}

function spawnService(name: ProcessName, rawArgs: readonly string[]): Subprocess {
  const args = devChildArgs(name, rawArgs, process.env, process.stdout.isTTY === true);
  return Bun.spawn([...selfCommand(), name, "run", ...args], {
    // `dev` starts a core that exits non-zero again, so `@reboot` only has to exit.
    env: { ...process.env, HOLOMUSH_SUPERVISED: "1" },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

async function awaitReady(name: ProcessName, socketPath: string, child: Subprocess): Promise<void> {
  const result = await waitForReady(socketPath, {
    timeoutMs: 60_000,
    isAlive: () => child.exitCode === null && !child.killed,
  });
  if (result.kind !== "ready")
    throw new HoloError("unavailable", `${name} did not start; see the lines above`);
}

/** The port the gateway's telnet listener is on: the configured one, or the one it was given for port 0. */
async function telnetPort(gatewaySocket: string, configured: number): Promise<number> {
  if (configured !== 0) return configured;
  const status = await controlRequest(gatewaySocket, "/status");
  const listening =
    status.kind === "answered" ? (status.json as { listening?: { telnet?: string } }).listening : undefined;
  return Number(/:(\d+)$/.exec(listening?.telnet ?? "")?.[1] ?? configured);
}

/** The address the core's gRPC server listens on, from its status; undefined when it does not say. */
async function grpcAddress(coreSocket: string): Promise<string | undefined> {
  const status = await controlRequest(coreSocket, "/status");
  const listening =
    status.kind === "answered" ? (status.json as { listening?: { grpc?: string } }).listening : undefined;
  return listening?.grpc;
}

/** How often `dev` restarts a core that exits on its own before it gives up: a crash loop is not hidden. */
const coreRestarts = { max: 5, withinMs: 60_000 } as const;

/**
 * Runs core then gateway as child processes until Ctrl-C; returns the exit code. A core that exits on its own
 * (a crash, `kill -9`) is started again, and players stay connected: the gateway keeps their sockets and
 * resumes their sessions, as it does when systemd restarts the core. A gateway that exits stops both.
 */
export async function runDev(
  flags: Readonly<Record<string, unknown>>,
  rawArgs: readonly string[],
): Promise<number> {
  const core = loadCoreConfig(flags);
  const gateway = loadGatewayConfig(flags);
  for (const name of ["core", "gateway"] as const) {
    const running = await controlRequest(processFiles(core.paths, name).socketPath, "/status");
    if (running.kind === "answered")
      throw new HoloError(
        "failed_precondition",
        `${name} is already running; stop it first (holomush ${name} stop)`,
      );
  }
  const coreSocket = processFiles(core.paths, "core").socketPath;
  const children: Subprocess[] = [];
  let stopping = false;
  const stopAll = () => {
    stopping = true;
    for (const child of [...children].reverse()) if (child.exitCode === null) child.kill("SIGTERM");
  };
  process.on("SIGINT", stopAll);
  process.on("SIGTERM", stopAll);
  let coreArgs = rawArgs;
  const startCore = async (): Promise<Subprocess> => {
    const child = spawnService("core", coreArgs);
    children[0] = child;
    await awaitReady("core", coreSocket, child);
    return child;
  };
  try {
    let coreChild = await startCore();
    // The gateway dials the address the first core wrote to its config file. A core started again must listen
    // there too, not on a new port: with `--grpc-addr=…:0` it would get one the gateway never learns of.
    const bound = core.grpcAddr.port === 0 ? await grpcAddress(coreSocket) : undefined;
    if (bound) coreArgs = withFlag(rawArgs, "grpc-addr", bound);
    const password = takeAdminPassword(core.paths.configDir);
    const gatewayChild = spawnService("gateway", rawArgs);
    children.push(gatewayChild);
    const gatewaySocket = processFiles(gateway.paths, "gateway").socketPath;
    await awaitReady("gateway", gatewaySocket, gatewayChild);
    const port = await telnetPort(gatewaySocket, gateway.telnetAddr.port);
    const admin = password ? `Created the admin account. Log in with:  connect admin ${password}\n` : "";
    process.stdout.write(
      `\nHoloMUSH is running. Connect with:  telnet localhost ${port}\n${admin}Press Ctrl-C to stop.\n\n`,
    );
    const restartedAt: number[] = [];
    for (;;) {
      const first = await Promise.race([coreChild, gatewayChild].map((c) => c.exited.then(() => c)));
      if (stopping) break;
      if (first === gatewayChild) {
        process.stdout.write("gateway exited; stopping the core\n");
        break;
      }
      // A core that stopped cleanly was asked to (holomush core stop); only a crash is restarted.
      if (coreChild.exitCode === 0) {
        process.stdout.write("core stopped; stopping the gateway\n");
        break;
      }
      const now = Date.now();
      restartedAt.push(now);
      while ((restartedAt[0] ?? now) < now - coreRestarts.withinMs) restartedAt.shift();
      if (restartedAt.length > coreRestarts.max) {
        process.stdout.write(
          `core exited ${restartedAt.length} times within a minute; stopping the gateway\n`,
        );
        break;
      }
      const how = coreChild.signalCode ?? `code ${coreChild.exitCode}`;
      process.stdout.write(`core exited (${how}); starting it again, players stay connected\n`);
      coreChild = await startCore();
    }
  } catch (error) {
    // Ctrl-C while a core was starting again is a clean stop, not a failed start.
    if (!stopping) {
      stopAll();
      await Promise.all(children.map((c) => c.exited));
      throw error;
    }
  }
  const wasStopping = stopping;
  stopAll();
  const codes = await Promise.all(children.map((c) => c.exited));
  return wasStopping && codes.every((c) => c === 0) ? 0 : 1;
}
