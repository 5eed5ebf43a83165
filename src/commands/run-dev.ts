import type { Subprocess } from "bun";
import { takeAdminPassword } from "#core/admin-password-file.ts";
import { loadCoreConfig, loadGatewayConfig } from "#shared/config/process-config.ts";
import { settingSpecs } from "#shared/config/settings.ts";
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

function spawnService(name: ProcessName, rawArgs: readonly string[]): Subprocess {
  return Bun.spawn([...selfCommand(), name, "run", ...flagsFor(name, rawArgs)], {
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

/** Runs core then gateway as child processes until Ctrl-C (or one of them dies); returns the exit code. */
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
  const children: Subprocess[] = [];
  let stopping = false;
  const stopAll = () => {
    stopping = true;
    for (const child of [...children].reverse()) if (child.exitCode === null) child.kill("SIGTERM");
  };
  process.on("SIGINT", stopAll);
  process.on("SIGTERM", stopAll);
  try {
    const coreChild = spawnService("core", rawArgs);
    children.push(coreChild);
    await awaitReady("core", processFiles(core.paths, "core").socketPath, coreChild);
    const password = takeAdminPassword(core.paths.configDir);
    const gatewayChild = spawnService("gateway", rawArgs);
    children.push(gatewayChild);
    await awaitReady("gateway", processFiles(gateway.paths, "gateway").socketPath, gatewayChild);
    const port = gateway.telnetAddr.port;
    const admin = password ? `Created the admin account. Log in with:  connect admin ${password}\n` : "";
    process.stdout.write(
      `\nHoloMUSH is running. Connect with:  telnet localhost ${port}\n${admin}Press Ctrl-C to stop.\n\n`,
    );
    const first = await Promise.race(children.map((c) => c.exited.then(() => c)));
    if (!stopping)
      process.stdout.write(`${first === coreChild ? "core" : "gateway"} exited; stopping the other\n`);
  } catch (error) {
    stopAll();
    await Promise.all(children.map((c) => c.exited));
    throw error;
  }
  const wasStopping = stopping;
  stopAll();
  const codes = await Promise.all(children.map((c) => c.exited));
  return wasStopping && codes.every((c) => c === 0) ? 0 : 1;
}
