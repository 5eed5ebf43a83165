import type { CoreConfig, GatewayConfig } from "#shared/config/process-config.ts";
import { startControlServer } from "#shared/control/control-server.ts";
import { createLogger } from "#shared/log/logger.ts";
import { createMetricsRegistry } from "#shared/metrics/metrics-registry.ts";
import { registerProcessMetrics } from "#shared/metrics/process-metrics.ts";
import { raiseFileLimit } from "#shared/os/file-limit.ts";
import { libcRlimitCalls } from "#shared/os/libc-rlimit.ts";
import { removePidFile, writePidFile } from "#shared/process/pid-file.ts";
import { spawnDetached } from "#shared/process/spawn-detached.ts";
import type { RunningService, ServiceDeps } from "#shared/service/running-service.ts";
import { systemClock } from "#shared/util/clock.ts";
import { buildInfo } from "#shared/version.ts";
import { type ProcessName, processFiles } from "./process-paths.ts";
import { selfCommand } from "./self-command.ts";

type Phase = "starting" | "running" | "stopping";

async function startByName(
  name: ProcessName,
  config: CoreConfig | GatewayConfig,
  deps: ServiceDeps,
): Promise<RunningService> {
  if (name === "core") {
    const core = config as CoreConfig;
    const { corePluginsFactory } = await import("./core-plugins-factory.ts");
    return (await import("#core/main.ts")).startCore(core, deps, { plugins: corePluginsFactory(core) });
  }
  return (await import("#gateway/main.ts")).startGateway(config as GatewayConfig, deps);
}

/** Runs one service in this process: control socket, pid file, signals, and a graceful stop that exits 0. */
export async function runService(name: ProcessName, config: CoreConfig | GatewayConfig): Promise<void> {
  const { version, commit } = buildInfo();
  const log = createLogger({ service: name, version, format: config.logFormat });
  const clock = systemClock();
  const startedAt = clock.now();
  // Invariant: the signal handlers are installed before anything starts, so a signal during start-up still stops cleanly.
  const stop = new AbortController();
  let restart = false;
  const requestStop = (again: boolean) => {
    restart ||= again;
    if (!stop.signal.aborted) log.info(again ? "restart requested" : "shutdown requested in the game");
    stop.abort(new Error(again ? "restart requested" : "shutdown requested"));
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stop.signal.aborted) log.info(`received ${signal}; stopping`);
    stop.abort(new Error(signal));
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);

  // Every player's socket is a descriptor in the gateway, so the soft limit services are often started with
  // (1,024) would cap the game long before memory does. Bun raises it itself on Linux today; this makes the
  // raise explicit, and the limit visible in the log and in `holomush status`.
  const fileLimit = raiseFileLimit(await libcRlimitCalls());
  log.info(fileLimit.note);
  const metrics = createMetricsRegistry();
  registerProcessMetrics(metrics, { clock, startedAt, service: name, version, commit });
  const files = processFiles(config.paths, name);
  let phase: Phase = "starting";
  let service: RunningService | undefined;
  const control = await startControlServer({
    socketPath: files.socketPath,
    service: name,
    log: log.withTag("control"),
    handlers: {
      health: () => service?.health() ?? { ok: phase !== "stopping" },
      ready: () => phase === "running" && (service?.ready() ?? false),
      status: () => ({
        service: name,
        state: phase,
        pid: process.pid,
        uptimeSeconds: Math.round((clock.now() - startedAt) / 1000),
        version,
        commit,
        listening: {},
        fileLimit: { soft: fileLimit.soft, hard: fileLimit.hard },
        ...service?.status(),
      }),
      metrics: () => metrics.render(),
      shutdown: () => stop.abort(new Error("shutdown requested")),
      reload: async () => {
        if (phase !== "running" || !service?.reload)
          throw new Error(`the ${name} cannot reload ${service?.reload ? "now" : "anything"}`);
        return service.reload();
      },
    },
  });
  try {
    await writePidFile(files.pidPath, process.pid);
    service = await startByName(name, config, { log, clock, metrics, signal: stop.signal, requestStop });
    phase = "running";
    log.info(`${name} ready`, service.status());
    if (!stop.signal.aborted)
      await new Promise((resolve) => stop.signal.addEventListener("abort", resolve, { once: true }));
    phase = "stopping";
    log.info(`${name} stopping`);
  } finally {
    await service?.[Symbol.asyncDispose]();
    await control[Symbol.asyncDispose]();
    await removePidFile(files.pidPath, process.pid);
  }
  log.info(`${name} stopped`);
  if (restart) await startAgain(name, config, files.logPath, log);
  // Invariant: a graceful stop exits 0 even if a library left a handle open.
  process.exit(0);
}

/** The exit status that asks a supervisor (systemd, `holomush dev`) to start the process again. */
export const RESTART_EXIT_CODE = 75;

/**
 * After `@reboot`: a supervised process exits 75 and its supervisor starts it again; one started by
 * `holomush core start` spawns its replacement detached (as `core start` would), with the same arguments.
 */
async function startAgain(
  name: ProcessName,
  config: CoreConfig | GatewayConfig,
  logPath: string,
  log: ReturnType<typeof createLogger>,
): Promise<void> {
  if ("supervised" in config && config.supervised) {
    log.info(`exiting ${RESTART_EXIT_CODE} so the supervisor starts the ${name} again`);
    process.exit(RESTART_EXIT_CODE);
  }
  const pid = await spawnDetached({ argv: [...selfCommand(), ...process.argv.slice(2)], logPath });
  log.info(`started the replacement ${name} (pid ${pid})`);
}
